using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Text;

namespace Telemetry.Ocpp.Tap;

/// <summary>
/// Finds the interned id of a charge point from its UTF-8 bytes as they appear in a record, with
/// no UTF-16 conversion: an open-addressing table of the byte keys seen so far. An id seen for the
/// first time goes through <see cref="ChargerRegistry.Intern(ReadOnlySpan{byte})"/>, which
/// validates it and gives the id; the table only remembers the answer, so ids stay the registry's.
/// </summary>
/// <remarks>
/// Each slot holds the key's length and its first and last 8 bytes (<see cref="Utf8Words"/>): for
/// a key of at most 16 bytes these are all of its bytes, so a lookup compares three numbers in the
/// slot itself, without following a reference or calling a comparison; a longer key is also
/// compared byte by byte. Not thread-safe, like the registry it fronts. Grows when half full;
/// invalid ids are not kept.
/// </remarks>
internal sealed class ChargePointIds(ChargerRegistry registry)
{
    private const int InitialSlots = 1024;
    private const ulong Multiplier = 0x9E3779B97F4A7C15;
    private const ulong SlotMultiplier = 0xC2B2AE3D27D4EB4F;

    // A slot with Length 0 is empty: the registry refuses empty ids, so none is ever stored.
    private Slot[] _slots = new Slot[InitialSlots];
    private int _shift = 64 - BitOperations.Log2(InitialSlots);
    private int _count;

    // A charger's call and the answer to it come one after the other: the last key is checked first.
    // It starts as no key's (length -1), so that an empty id is looked up, and refused, as any other.
    private Slot _last = new(new Utf8Words(0, 0, -1), -1, null);

    /// <summary>The interned id of <paramref name="utf8"/>, or -1 when the registry refuses it (empty, too long, not UTF-8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Intern(ReadOnlySpan<byte> utf8)
    {
        var words = new Utf8Words(utf8);
        return _last.Matches(utf8, words) ? _last.Id : Find(utf8, words);
    }

    private int Find(ReadOnlySpan<byte> utf8, Utf8Words words)
    {
        var mask = _slots.Length - 1;
        for (var slot = Home(utf8, words); ; slot = (slot + 1) & mask)
        {
            ref var entry = ref _slots[slot];
            if (entry.Length == 0)
            {
                return Add(utf8, words, slot);
            }

            if (entry.Matches(utf8, words))
            {
                _last = entry;
                return entry.Id;
            }
        }
    }

    private int Add(ReadOnlySpan<byte> utf8, Utf8Words words, int slot)
    {
        var id = registry.Intern(utf8);
        if (id < 0)
        {
            return id;
        }

        _slots[slot] = new Slot(words, id, utf8.Length > Utf8Words.WholeLength ? utf8.ToArray() : null);
        if (++_count * 2 > _slots.Length)
        {
            Grow();
        }

        return id;
    }

    private void Grow()
    {
        var slots = _slots;
        _slots = new Slot[slots.Length * 2];
        _shift--;
        var mask = _slots.Length - 1;
        foreach (var entry in slots)
        {
            if (entry.Length != 0)
            {
                var slot = Home(entry.Key, entry.Words);
                while (_slots[slot].Length != 0)
                {
                    slot = (slot + 1) & mask;
                }

                _slots[slot] = entry;
            }
        }
    }

    /// <summary>
    /// The slot where the search for a key starts: from its words when they are the whole key,
    /// otherwise from all its bytes, so that long ids sharing a prefix and a suffix still spread.
    /// </summary>
    private int Home(ReadOnlySpan<byte> utf8, Utf8Words words)
    {
        var hash = words.Length <= Utf8Words.WholeLength
            ? BitOperations.RotateLeft(words.First * Multiplier, 31) ^ words.Last ^ (ulong)words.Length
            : LongKeyHash(utf8);
        return (int)((hash * SlotMultiplier) >> _shift);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ulong LongKeyHash(ReadOnlySpan<byte> utf8)
    {
        var hash = (ulong)utf8.Length * Multiplier;
        while (utf8.Length >= sizeof(ulong))
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * Multiplier, 29);
            utf8 = utf8[sizeof(ulong)..];
        }

        return hash ^ new Utf8Words(utf8).First;
    }

    /// <summary>One remembered key: its words, the interned id, and the bytes themselves only when the words do not hold them all.</summary>
    private readonly struct Slot(Utf8Words words, int id, byte[]? key)
    {
        private readonly ulong _first = words.First;
        private readonly ulong _last = words.Last;

        public int Length { get; } = words.Length;

        public int Id { get; } = id;

        public byte[]? Key { get; } = key;

        public Utf8Words Words => new(_first, _last, Length);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Matches(ReadOnlySpan<byte> utf8, Utf8Words words) =>
            Words.SameWords(words) && (Length <= Utf8Words.WholeLength || utf8.SequenceEqual(Key));
    }
}
