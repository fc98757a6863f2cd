using System.Numerics;
using Telemetry.Engine.Checkpoints;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Windows;

/// <summary>
/// A set of interned charger ids as a bitset, visited in ascending id order. A detector keeps
/// the chargers that may have a timer pending in one, so that its minute tick visits those
/// instead of scanning every charger's state: for 100k chargers that is 1,563 words per tick
/// against megabytes of state. Visiting in id order keeps the order of what a tick emits
/// identical to a scan of all chargers.
/// </summary>
public sealed class ChargerSet
{
    private const int BitsPerWord = 64;

    private readonly ChargerRegistry? _chargers;
    private ulong[] _words = new ulong[1];

    public ChargerSet()
    {
    }

    /// <summary>
    /// A set with room for every charger <paramref name="chargers"/> knows, now and whenever it
    /// must grow: a charger's first signal then finds its bit in place, and the set grows only
    /// when new chargers are interned, not in steady state.
    /// </summary>
    public ChargerSet(ChargerRegistry chargers)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        _chargers = chargers;
        _words = new ulong[Math.Max(1, WordsFor(chargers.Count))];
    }

    public void Add(int charger)
    {
        var word = charger / BitsPerWord;
        if (word >= _words.Length)
        {
            var known = WordsFor(_chargers?.Count ?? 0);
            Array.Resize(ref _words, Math.Max(Math.Max(_words.Length * 2, word + 1), known));
        }

        _words[word] |= 1UL << (charger % BitsPerWord);
    }

    public void Remove(int charger)
    {
        var word = charger / BitsPerWord;
        if (word < _words.Length)
        {
            _words[word] &= ~(1UL << (charger % BitsPerWord));
        }
    }

    public bool Contains(int charger)
    {
        var word = charger / BitsPerWord;
        return word < _words.Length && (_words[word] & (1UL << (charger % BitsPerWord))) != 0;
    }

    /// <summary>
    /// The smallest member at or above <paramref name="from"/>, or -1. Members added or removed
    /// while visiting are seen (or not) as the set is at each call.
    /// </summary>
    public int NextFrom(int from)
    {
        var word = from / BitsPerWord;
        if (word >= _words.Length)
        {
            return -1;
        }

        var bits = _words[word] & (ulong.MaxValue << (from % BitsPerWord));
        while (bits == 0)
        {
            if (++word == _words.Length)
            {
                return -1;
            }

            bits = _words[word];
        }

        return (word * BitsPerWord) + BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>Writes the members' ids.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var count = 0;
        for (var c = NextFrom(0); c >= 0; c = NextFrom(c + 1))
        {
            count++;
        }

        writer.Count(count);
        for (var c = NextFrom(0); c >= 0; c = NextFrom(c + 1))
        {
            writer.Count(ids.Charger(c));
        }
    }

    /// <summary>Adds the members <see cref="WriteTo"/> wrote, under their current ids.</summary>
    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var count = reader.Count(sizeof(int));
        for (var i = 0; i < count; i++)
        {
            var c = map.Charger(reader.Count());
            if (c < 0)
            {
                throw new InvalidDataException("Checkpoint is corrupt: a charger set holds no charger.");
            }

            Add(c);
        }
    }

    private static int WordsFor(int chargers) => (chargers + BitsPerWord - 1) / BitsPerWord;
}
