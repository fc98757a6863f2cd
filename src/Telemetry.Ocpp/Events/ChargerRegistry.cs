using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Telemetry.Ocpp.Events;

/// <summary>
/// Interns charge point ids: each distinct id gets a small dense integer once, so events carry
/// an <see cref="int"/> instead of a string. A lookup of a known id allocates nothing.
/// </summary>
/// <remarks>Not thread-safe: one registry per pipeline thread (parser, or partition worker).</remarks>
public sealed class ChargerRegistry
{
    /// <summary>OCPP limits the charge point identity to 48 characters; ids are kept within this.</summary>
    public const int MaxIdLength = 48;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private readonly List<string> _names = [];
    private readonly List<byte[]> _utf8Names = [];

    public ChargerRegistry() => _byChars = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _names.Count;

    /// <summary>Returns the id for a UTF-8 charge point identity, adding it on first sight.</summary>
    /// <returns>The interned id, or -1 when <paramref name="utf8"/> is empty, too long or not UTF-8.</returns>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty || utf8.Length > MaxIdLength * 4)
        {
            return -1;
        }

        Span<char> chars = stackalloc char[MaxIdLength * 4];
        var status = Utf8.ToUtf16(utf8, chars, out _, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done || written > MaxIdLength)
        {
            return -1;
        }

        return Intern(chars[..written]);
    }

    /// <summary>Returns the id for a charge point identity, adding it on first sight.</summary>
    public int Intern(ReadOnlySpan<char> id)
    {
        if (_byChars.TryGetValue(id, out var known))
        {
            return known;
        }

        if (id.IsEmpty || id.Length > MaxIdLength)
        {
            return -1;
        }

        var name = id.ToString();
        var next = _names.Count;
        _ids.Add(name, next);
        _names.Add(name);
        _utf8Names.Add(Encoding.UTF8.GetBytes(name));
        return next;
    }

    public string NameOf(int charger) => _names[charger];

    public ReadOnlySpan<byte> Utf8NameOf(int charger) => _utf8Names[charger];
}
