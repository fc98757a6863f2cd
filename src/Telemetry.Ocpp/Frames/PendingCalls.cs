namespace Telemetry.Ocpp.Frames;

/// <summary>
/// CALLs waiting for their CALLRESULT/CALLERROR, keyed by (charger, direction, message id).
/// OCPP-J results carry no action, so the action is remembered here. The table is bounded:
/// entries older than the expiry are swept when it fills, and if it is still full the new CALL
/// is not tracked (counted) rather than growing without limit.
/// </summary>
public sealed class PendingCalls
{
    private readonly Dictionary<Key, Entry> _entries;
    private readonly int _capacity;
    private readonly long _expiryMs;

    public PendingCalls(int capacity, TimeSpan expiry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _expiryMs = (long)expiry.TotalMilliseconds;
        _entries = new Dictionary<Key, Entry>(Math.Min(capacity, 1 << 16));
    }

    public int Count => _entries.Count;

    /// <summary>CALLs that got no answer within the expiry.</summary>
    public long Expired { get; private set; }

    /// <summary>CALLs not tracked because the table was full of live entries.</summary>
    public long Untracked { get; private set; }

    public void Add(int charger, bool fromCharger, ReadOnlySpan<byte> messageId, OcppAction action, long timestampMs)
    {
        if (_entries.Count >= _capacity)
        {
            Sweep(timestampMs);
            if (_entries.Count >= _capacity)
            {
                Untracked++;
                return;
            }
        }

        _entries[new Key(charger, fromCharger, Hash(messageId))] = new Entry(action, timestampMs);
    }

    /// <summary>Finds and removes the CALL a result answers; <paramref name="callFromCharger"/> is the CALL's direction.</summary>
    public bool TryTake(int charger, bool callFromCharger, ReadOnlySpan<byte> messageId, out OcppAction action)
    {
        if (_entries.Remove(new Key(charger, callFromCharger, Hash(messageId)), out var entry))
        {
            action = entry.Action;
            return true;
        }

        action = OcppAction.Unknown;
        return false;
    }

    private void Sweep(long nowMs)
    {
        foreach (var (key, entry) in _entries)
        {
            // Removing during enumeration is allowed for Dictionary since .NET Core 3.0.
            if (nowMs - entry.TimestampMs > _expiryMs)
            {
                _entries.Remove(key);
                Expired++;
            }
        }
    }

    // FNV-1a over the id bytes: ids are at most 36 bytes, so a 64-bit hash makes collisions
    // between live calls of one charger negligible without storing the id itself.
    private static ulong Hash(ReadOnlySpan<byte> id)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in id)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private readonly record struct Key(int Charger, bool FromCharger, ulong IdHash);

    private readonly record struct Entry(OcppAction Action, long TimestampMs);
}
