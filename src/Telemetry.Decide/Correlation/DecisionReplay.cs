using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Correlation;

/// <summary>
/// Feeds a finished replay's signals and events to a correlator in one deterministic order: by
/// time; at equal times events before signals (a signal is a conclusion drawn from the events up
/// to its time), events by charger id then their given order, signals in <see cref="SignalOrder"/>.
/// Partitioning of the detectors therefore does not change the result.
/// </summary>
public static class DecisionReplay
{
    /// <param name="events">Events in per-charger order (as a partition worker saw them); other kinds are skipped cheaply.</param>
    /// <param name="endMs">End of the input: deadlines up to it fire.</param>
    public static void Run(SiteCorrelator correlator, IEnumerable<Signal> signals, IReadOnlyList<TelemetryEvent> events, ChargerRegistry chargers, long endMs)
    {
        ArgumentNullException.ThrowIfNull(correlator);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(chargers);
        var orderedSignals = SignalOrder.Sorted(signals);
        var order = new int[events.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var c = events[a].TimestampMs.CompareTo(events[b].TimestampMs);
            if (c == 0)
            {
                c = string.CompareOrdinal(NameOf(chargers, events[a].Charger), NameOf(chargers, events[b].Charger));
            }

            return c == 0 ? a.CompareTo(b) : c;
        });

        var s = 0;
        foreach (var index in order)
        {
            var e = events[index];
            while (s < orderedSignals.Count && orderedSignals[s].TimestampMs < e.TimestampMs)
            {
                correlator.OnSignal(orderedSignals[s++]);
            }

            correlator.OnEvent(e);
        }

        while (s < orderedSignals.Count)
        {
            correlator.OnSignal(orderedSignals[s++]);
        }

        correlator.Tick(endMs);
    }

    private static string NameOf(ChargerRegistry chargers, int charger) =>
        (uint)charger < (uint)chargers.Count ? chargers.NameOf(charger) : "";
}
