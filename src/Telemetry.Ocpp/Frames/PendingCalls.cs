using System.Buffers.Binary;
using System.Numerics;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// CALLs waiting for their CALLRESULT/CALLERROR, keyed by (charger, direction, message id).
/// OCPP-J results carry no action, so the action is remembered here. The table is bounded:
/// entries older than the expiry are swept when it fills, and if it is still full the new CALL
/// is not tracked (counted) rather than growing without limit.
/// </summary>
public sealed class PendingCalls
{
    private const ulong KeyMultiplier = 0xC2B2AE3D27D4EB4F;

    private const ulong SlotMultiplier = 0x9E3779B97F4A7C15;
    private const ulong EmptyKey = 0;
    private const ulong StandInKey = 1;
    // Few calls wait at once (about one per charger): a small table stays in cache; it grows if needed.
    private const int MaxInitialSlots = 1 << 10;

    private readonly int _capacity;
    private readonly long _expiryMs;

    // Open addressing with linear probing over the 64-bit keys (0 = empty slot), at most half full;
    // removal shifts the rest of a probe run back, so no tombstones build up as calls come and go.
    private ulong[] _keys;
    private Entry[] _entries;
    private int _shift;

    public PendingCalls(int capacity, TimeSpan expiry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _expiryMs = (long)expiry.TotalMilliseconds;
        var slots = (int)Math.Min(BitOperations.RoundUpToPowerOf2((uint)Math.Max(capacity, 8) * 2), MaxInitialSlots);
        _keys = new ulong[slots];
        _entries = new Entry[slots];
        _shift = 64 - BitOperations.Log2((uint)slots);
    }

    public int Count { get; private set; }

    /// <summary>CALLs that got no answer within the expiry.</summary>
    public long Expired { get; private set; }

    /// <summary>CALLs not tracked because the table was full of live entries.</summary>
    public long Untracked { get; private set; }

    public void Add(int charger, bool fromCharger, ReadOnlySpan<byte> messageId, OcppAction action, long timestampMs)
    {
        if (Count >= _capacity)
        {
            Sweep(timestampMs);
            if (Count >= _capacity)
            {
                Untracked++;
                return;
            }
        }

        var key = Key(charger, fromCharger, messageId);
        var mask = _keys.Length - 1;
        var slot = Home(key);
        while (_keys[slot] != EmptyKey && _keys[slot] != key)
        {
            slot = (slot + 1) & mask;
        }

        // The same call again (a repeated id) replaces the one waiting.
        if (_keys[slot] == EmptyKey)
        {
            _keys[slot] = key;
            Count++;
        }

        _entries[slot] = new Entry(action, timestampMs);
        if (Count * 2 > _keys.Length)
        {
            Grow();
        }
    }

    /// <summary>Finds and removes the CALL a result answers; <paramref name="callFromCharger"/> is the CALL's direction.</summary>
    public bool TryTake(int charger, bool callFromCharger, ReadOnlySpan<byte> messageId, out OcppAction action)
    {
        var key = Key(charger, callFromCharger, messageId);
        var mask = _keys.Length - 1;
        for (var slot = Home(key); _keys[slot] != EmptyKey; slot = (slot + 1) & mask)
        {
            if (_keys[slot] == key)
            {
                action = _entries[slot].Action;
                RemoveAt(slot);
                return true;
            }
        }

        action = OcppAction.Unknown;
        return false;
    }

    private void Sweep(long nowMs)
    {
        for (var slot = 0; slot < _keys.Length; slot++)
        {
            // A removal may shift a later entry into this slot: look at it again before moving on.
            while (_keys[slot] != EmptyKey && nowMs - _entries[slot].TimestampMs > _expiryMs)
            {
                RemoveAt(slot);
                Expired++;
            }
        }
    }

    /// <summary>Empties <paramref name="slot"/> and moves back the entries of its probe run that could not sit in their home slot.</summary>
    private void RemoveAt(int slot)
    {
        var mask = _keys.Length - 1;
        var hole = slot;
        var next = slot;
        while (true)
        {
            next = (next + 1) & mask;
            var key = _keys[next];
            if (key == EmptyKey)
            {
                break;
            }

            // An entry stays when its home lies cyclically in (hole, next]: moving it would put it before its home.
            var home = Home(key);
            var stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays)
            {
                _keys[hole] = key;
                _entries[hole] = _entries[next];
                hole = next;
            }
        }

        _keys[hole] = EmptyKey;
        Count--;
    }

    private void Grow()
    {
        var keys = _keys;
        var entries = _entries;
        _keys = new ulong[keys.Length * 2];
        _entries = new Entry[keys.Length * 2];
        _shift--;
        var mask = _keys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] != EmptyKey)
            {
                var slot = Home(keys[i]);
                while (_keys[slot] != EmptyKey)
                {
                    slot = (slot + 1) & mask;
                }

                _keys[slot] = keys[i];
                _entries[slot] = entries[i];
            }
        }
    }

    private int Home(ulong key) => (int)((key * SlotMultiplier) >> _shift);

    // One 64-bit key from the direction, the charger and the id, 8 bytes at a time (ids are up to
    // 36 bytes, often UUIDs): collisions between live calls are negligible without storing the id
    // itself, and a ulong key hashes and compares faster than a composite one.
    private static ulong Key(int charger, bool fromCharger, ReadOnlySpan<byte> id)
    {
        var hash = Mix(((ulong)(uint)charger << 1 | (fromCharger ? 1UL : 0UL)) ^ ((ulong)id.Length << 40));
        while (id.Length >= sizeof(ulong))
        {
            hash = Mix(hash ^ BinaryPrimitives.ReadUInt64LittleEndian(id));
            id = id[sizeof(ulong)..];
        }

        if (!id.IsEmpty)
        {
            hash = Mix(hash ^ Tail(id));
        }

        hash ^= hash >> 29;
        // 0 marks an empty slot; a key that hashes to it shares a stand-in.
        return hash == EmptyKey ? StandInKey : hash;
    }

    private static ulong Mix(ulong value) => BitOperations.RotateLeft(value * KeyMultiplier, 31);

    /// <summary>The 1–7 bytes of <paramref name="rest"/> as one little-endian word, read in at most two loads.</summary>
    private static ulong Tail(ReadOnlySpan<byte> rest)
    {
        if (rest.Length >= sizeof(uint))
        {
            // Two overlapping 4-byte loads: the shared bytes land on the same bits.
            ulong low = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            ulong high = BinaryPrimitives.ReadUInt32LittleEndian(rest[^sizeof(uint)..]);
            return low | (high << ((rest.Length - sizeof(uint)) * 8));
        }

        var middle = rest.Length / 2;
        return rest[0] | ((ulong)rest[middle] << (middle * 8)) | ((ulong)rest[^1] << ((rest.Length - 1) * 8));
    }

    private readonly record struct Entry(OcppAction Action, long TimestampMs);
}
