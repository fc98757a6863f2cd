using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Tests.Sessions;

/// <summary>Counts what a detector emits without keeping it, so allocation measurements see the detector's own.</summary>
internal sealed class CountingSessionSink : ISessionSink
{
    public int Sessions { get; private set; }

    public int Signals { get; private set; }

    public long EnergyWh { get; private set; }

    public void OnSession(in SessionRecord session)
    {
        Sessions++;
        EnergyWh += session.EnergyWh;
    }

    public void OnSignal(Signal signal) => Signals++;
}
