using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Availability;

/// <summary>Receives what the availability detector concludes, in event-time order per port.</summary>
public interface IAvailabilitySink : ISignalSink
{
    void OnRollup(in ConnectorRollup rollup);

    void OnOutage(Outage outage);
}
