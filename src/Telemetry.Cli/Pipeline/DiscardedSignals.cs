using Telemetry.Engine.Signals;

namespace Telemetry.Cli.Pipeline;

/// <summary>A sink for signals raised twice by design, where the other copy is the one kept (see <see cref="FleetAuthPass"/>).</summary>
internal sealed class DiscardedSignals : ISignalSink
{
    public static readonly DiscardedSignals Instance = new();

    public void OnSignal(Signal signal)
    {
    }

    public void OnSignal(in SignalValue signal)
    {
    }
}
