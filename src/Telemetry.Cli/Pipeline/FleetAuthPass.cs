using Telemetry.Engine.Auth;
using Telemetry.Engine.Signals;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// The fleet-wide view of authorisation verdicts, run after the partitions over all their
/// authorisation results merged in one fixed order (time, then charger id text): partitions are
/// consumed in whatever order Kafka delivers them, so a view fed live by several partitions
/// would depend on that order. Only its fleet-scope signals are kept; the per-charger signals
/// come from the partitions.
/// </summary>
internal static class FleetAuthPass
{
    private const long MinuteMs = 60_000;

    public static List<Signal> Run(DetectionContext context, IEnumerable<PartitionWorker> workers, long endMs)
    {
        var fleetSignals = new SignalList();
        var view = new BackendOutageView(context.Options.Auth, fleetSignals);
        var detector = new AuthFailureDetector(context.Chargers, context.Options.Auth, context.Inventory, DiscardedSignals.Instance, view);
        var merged = workers
            // Each worker's events carry its own ids; the detector here names them through the consumer's registry.
            .SelectMany(w => w.AuthEvents.Select((e, index) => (Event: w.WithConsumerId(e), Index: index)))
            .OrderBy(p => p.Event.TimestampMs)
            .ThenBy(p => context.Chargers.NameOf(p.Event.Charger), StringComparer.Ordinal)
            .ThenBy(p => p.Index);
        var minute = long.MinValue;
        foreach (var (e, _) in merged)
        {
            if (e.TimestampMs / MinuteMs != minute)
            {
                minute = e.TimestampMs / MinuteMs;
                view.Tick(e.TimestampMs);
            }

            detector.OnEvent(e);
        }

        view.Tick(endMs);
        return fleetSignals;
    }
}
