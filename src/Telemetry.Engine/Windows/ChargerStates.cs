using System.Runtime.InteropServices;
using Telemetry.Engine.Checkpoints;

namespace Telemetry.Engine.Windows;

/// <summary>
/// A detector's per-charger state: one flat array of structs indexed by interned charger id,
/// grown by doubling, so a lookup is an index and state stays contiguous in memory. It also
/// keeps each charger's latest time, because every detector applies a charger's events in order.
/// </summary>
public sealed class ChargerStates<TState>
    where TState : struct
{
    private TState[] _states = new TState[64];
    private long[] _latestMs = new long[64];

    /// <summary>Charger ids below this have a slot (possibly still default).</summary>
    public int Length => _states.Length;

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents { get; private set; }

    /// <summary>The state of <paramref name="charger"/>, making room for it when needed.</summary>
    public ref TState At(int charger)
    {
        if (charger >= _states.Length)
        {
            var length = Math.Max(_states.Length * 2, charger + 1);
            Array.Resize(ref _states, length);
            Array.Resize(ref _latestMs, length);
        }

        return ref _states[charger];
    }

    /// <summary>
    /// The time at which to apply an event of <paramref name="charger"/> at <paramref name="timestampMs"/>:
    /// its own time, or the charger's latest time when it goes back in time (counted as reordered).
    /// Call <see cref="At"/> for the charger first.
    /// </summary>
    public long InOrder(int charger, long timestampMs)
    {
        ref var latest = ref _latestMs[charger];
        if (timestampMs < latest)
        {
            ReorderedEvents++;
            return latest;
        }

        latest = timestampMs;
        return timestampMs;
    }

    /// <summary>
    /// Runs <paramref name="timer"/> on each charger of <paramref name="pending"/> in id order (the
    /// order a scan of all chargers had, so signals keep their order) and drops from it the
    /// chargers whose timer says nothing is pending any more.
    /// </summary>
    public void RunTimers(ChargerSet pending, long nowMs, ChargerTimer<TState> timer)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(timer);
        for (var c = pending.NextFrom(0); c >= 0; c = pending.NextFrom(c + 1))
        {
            if (!timer(c, ref At(c), nowMs))
            {
                pending.Remove(c);
            }
        }
    }

    /// <summary>Moves the charger's latest time forward to <paramref name="timeMs"/> (never back), e.g. to a clear a timer dated.</summary>
    public void AdvanceTo(int charger, long timeMs) => _latestMs[charger] = Math.Max(_latestMs[charger], timeMs);

    /// <summary>
    /// Writes the reordered count and every charger with state (state or latest time not zero):
    /// its id, latest time and state's memory. Chargers this detector never touched are left out,
    /// so a partition's section holds only its own chargers of a shared registry.
    /// </summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        writer.Value(ReorderedEvents);
        var used = 0;
        for (var c = 0; c < _states.Length; c++)
        {
            used += HasState(c) ? 1 : 0;
        }

        writer.Count(used);
        for (var c = 0; c < _states.Length; c++)
        {
            if (HasState(c))
            {
                writer.Count(ids.Charger(c));
                writer.Value(_latestMs[c]);
                writer.Struct(_states[c]);
            }
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into this fresh instance, each charger under its current id.</summary>
    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        ReorderedEvents = reader.Value();
        var count = reader.Count(sizeof(int) + sizeof(long));
        for (var i = 0; i < count; i++)
        {
            var c = map.Charger(reader.Count());
            if (c < 0)
            {
                throw new InvalidDataException("Checkpoint is corrupt: a charger's state has no charger.");
            }

            var latestMs = reader.Value();
            At(c) = reader.Struct<TState>();
            _latestMs[c] = latestMs;
        }
    }

    private bool HasState(int charger) =>
        _latestMs[charger] != 0 || MemoryMarshal.AsBytes(new ReadOnlySpan<TState>(in _states[charger])).ContainsAnyExcept((byte)0);
}
