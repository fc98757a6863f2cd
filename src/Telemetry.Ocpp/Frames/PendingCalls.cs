namespace Telemetry.Ocpp.Frames;

/// <summary>
/// CALLs waiting for their CALLRESULT/CALLERROR, keyed by (charger, direction, message id).
/// OCPP-J results carry no action, so the action is remembered here. The table is bounded:
/// entries older than the expiry are swept when it fills, and if it is still full the new CALL
/// is not tracked (counted) rather than growing without limit.
/// </summary>
public sealed class PendingCalls
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    private readonly Dictionary<ulong, Entry> _entries;
    private readonly int _capacity;
    private readonly long _expiryMs;

    public PendingCalls(int capacity, TimeSpan expiry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _expiryMs = (long)expiry.TotalMilliseconds;
        _entries = new Dictionary<ulong, Entry>(Math.Min(capacity, 1 << 16));
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

        _entries[Key(charger, fromCharger, messageId)] = new Entry(action, timestampMs);
    }

    /// <summary>Finds and removes the CALL a result answers; <paramref name="callFromCharger"/> is the CALL's direction.</summary>
    public bool TryTake(int charger, bool callFromCharger, ReadOnlySpan<byte> messageId, out OcppAction action)
    {
        if (_entries.Remove(Key(charger, callFromCharger, messageId), out var entry))
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

    // FNV-1a over the direction, the charger and the id bytes, as one 64-bit key: ids are at most
    // 36 bytes, so collisions between live calls are negligible without storing the id itself,
    // and a ulong key hashes and compares faster than a composite one.
    private static ulong Key(int charger, bool fromCharger, ReadOnlySpan<byte> id)
    {
        var hash = (FnvOffset ^ (fromCharger ? 1UL : 0UL)) * FnvPrime;
        hash = (hash ^ (uint)charger) * FnvPrime;
        foreach (var b in id)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }

    private readonly record struct Entry(OcppAction Action, long TimestampMs);
}
