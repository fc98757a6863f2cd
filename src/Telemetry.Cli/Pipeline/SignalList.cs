using Telemetry.Engine.Signals;

namespace Telemetry.Cli.Pipeline;

/// <summary>Collects signals raised outside a partition's worker (e.g. the fleet-wide authorisation view).</summary>
internal sealed class SignalList : List<Signal>, ISignalSink
{
    public void OnSignal(Signal signal) => Add(signal);
}
