namespace Telemetry.Ocpp.Events;

/// <summary>
/// Interns the short texts operators need (1.6 vendorErrorCode, 2.0.1 techCode, security event
/// types, 2.0.1 transactionIds) as small ids for <see cref="TelemetryEvent.TextCode"/>. A lookup
/// of a known text allocates nothing. Bounded: once <see cref="Capacity"/> texts are held, new
/// ones get <see cref="Overflow"/> and are counted, so a charger sending endless distinct strings
/// cannot grow memory.
/// </summary>
/// <remarks>Ids are local to a process; texts travel as UTF-8 on the wire. Not thread-safe: one registry per pipeline thread.</remarks>
public sealed class TextCodeRegistry
{
    /// <summary>No text.</summary>
    public const ushort None = 0;

    /// <summary>A text that was not interned: the registry was full, or the text too long or empty.</summary>
    public const ushort Overflow = 1;

    /// <summary>Longest text kept, in UTF-8 bytes: the wire carries its length in one byte.</summary>
    public const int MaxTextBytes = 255;

    /// <summary>The largest capacity: ids are 16-bit and two are reserved.</summary>
    public const int MaxCapacity = ushort.MaxValue + 1 - FirstId;

    private const int FirstId = 2;

    private readonly Dictionary<byte[], ushort> _ids;
    private readonly Dictionary<byte[], ushort>.AlternateLookup<ReadOnlySpan<byte>> _bySpan;
    private readonly List<byte[]> _texts = [];

    public TextCodeRegistry(int capacity = MaxCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, MaxCapacity);
        Capacity = capacity;
        _ids = new Dictionary<byte[], ushort>(Utf8TextComparer.Instance);
        _bySpan = _ids.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    public int Capacity { get; }

    /// <summary>Distinct texts held.</summary>
    public int Count => _texts.Count;

    /// <summary>Texts that got <see cref="Overflow"/> because the registry was full or the text too long.</summary>
    public long Overflowed { get; private set; }

    /// <summary>Returns the id of <paramref name="utf8"/>, adding it on first sight while there is room.</summary>
    public ushort Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return None;
        }

        if (_bySpan.TryGetValue(utf8, out var known))
        {
            return known;
        }

        if (utf8.Length > MaxTextBytes || _texts.Count >= Capacity)
        {
            Overflowed++;
            return Overflow;
        }

        var text = utf8.ToArray();
        var id = (ushort)(_texts.Count + FirstId);
        _ids.Add(text, id);
        _texts.Add(text);
        return id;
    }

    /// <summary>The UTF-8 text of an id; empty for <see cref="None"/>, <see cref="Overflow"/> and ids this registry never gave.</summary>
    public ReadOnlySpan<byte> Utf8TextOf(ushort id)
    {
        var index = id - FirstId;
        return index >= 0 && index < _texts.Count ? _texts[index] : default;
    }

    /// <summary>The text of an id as a string, for the edges (logs, text columns); null when it has none.</summary>
    public string? TextOf(ushort id)
    {
        var utf8 = Utf8TextOf(id);
        return utf8.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(utf8);
    }
}
