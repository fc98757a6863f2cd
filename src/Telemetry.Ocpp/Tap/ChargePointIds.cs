using System.Buffers.Binary;
using System.Numerics;
using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Tap;

/// <summary>
/// Finds the interned id of a charge point from its UTF-8 bytes as they appear in a record, with
/// no UTF-16 conversion: an open-addressing table of the byte keys seen so far. An id seen for the
/// first time goes through <see cref="ChargerRegistry.Intern(ReadOnlySpan{byte})"/>, which
/// validates it and gives the id; the table only remembers the answer, so ids stay the registry's.
/// </summary>
/// <remarks>Not thread-safe, like the registry it fronts. Grows when half full; invalid ids are not kept.</remarks>
internal sealed class ChargePointIds(ChargerRegistry registry)
{
    private const int InitialSlots = 1024;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;

    private byte[]?[] _keys = new byte[InitialSlots][];
    private int[] _ids = new int[InitialSlots];
    private int _count;
    private byte[]? _lastKey;
    private int _lastId;

    /// <summary>The interned id of <paramref name="utf8"/>, or -1 when the registry refuses it (empty, too long, not UTF-8).</summary>
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        // A charger's call and the answer to it come one after the other: one compare, no hashing.
        if (_lastKey is { } last && utf8.SequenceEqual(last))
        {
            return _lastId;
        }

        var mask = _keys.Length - 1;
        for (var slot = Hash(utf8) & mask; ; slot = (slot + 1) & mask)
        {
            var key = _keys[slot];
            if (key is null)
            {
                return Add(utf8, slot);
            }

            if (utf8.SequenceEqual(key))
            {
                _lastKey = key;
                _lastId = _ids[slot];
                return _lastId;
            }
        }
    }

    private int Add(ReadOnlySpan<byte> utf8, int slot)
    {
        var id = registry.Intern(utf8);
        if (id < 0)
        {
            return id;
        }

        _keys[slot] = utf8.ToArray();
        _ids[slot] = id;
        if (++_count * 2 > _keys.Length)
        {
            Grow();
        }

        return id;
    }

    private void Grow()
    {
        var keys = _keys;
        var ids = _ids;
        _keys = new byte[keys.Length * 2][];
        _ids = new int[keys.Length * 2];
        var mask = _keys.Length - 1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i] is { } key)
            {
                var slot = Hash(key) & mask;
                while (_keys[slot] is not null)
                {
                    slot = (slot + 1) & mask;
                }

                _keys[slot] = key;
                _ids[slot] = ids[i];
            }
        }
    }

    // Multiplicative hashing over 8-byte words: ids are short ASCII, so a few multiplies beat a byte loop.
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = (ulong)utf8.Length * Multiplier;
        while (utf8.Length >= sizeof(ulong))
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * Multiplier, 29);
            utf8 = utf8[sizeof(ulong)..];
        }

        ulong tail = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            tail |= (ulong)utf8[i] << (i * 8);
        }

        hash = (hash ^ tail) * Multiplier;
        return (int)(hash >> 32);
    }
}
