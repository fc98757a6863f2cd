using Telemetry.Engine.Availability;
using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Tests.Support;

/// <summary>Keeps everything the detector concludes, for assertions.</summary>
internal sealed class RecordingSink : IAvailabilitySink
{
    public List<ConnectorRollup> Rollups { get; } = [];

    public List<Signal> Signals { get; } = [];

    public List<Outage> Outages { get; } = [];

    public void OnRollup(in ConnectorRollup rollup) => Rollups.Add(rollup);

    public void OnSignal(Signal signal) => Signals.Add(signal);

    public void OnOutage(Outage outage) => Outages.Add(outage);
}
