using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Availability;

/// <summary>Receives what the availability detector concludes, in event-time order per port.</summary>
public interface IAvailabilitySink : ISignalSink
{
    void OnRollup(in ConnectorRollup rollup);

    /// <summary>
    /// Receives consecutive rollups at once, in the order they were concluded (the detector
    /// collects the rows of a timer pass and hands them over before any signal or outage that
    /// follows them, and before it returns). By default each goes to <see cref="OnRollup"/>;
    /// a sink that can take rows in bulk saves a call per row.
    /// </summary>
    void OnRollups(ReadOnlySpan<ConnectorRollup> rollups)
    {
        foreach (ref readonly var rollup in rollups)
        {
            OnRollup(rollup);
        }
    }

    void OnOutage(Outage outage);
}
