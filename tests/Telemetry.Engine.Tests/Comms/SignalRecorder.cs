using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Tests.Comms;

/// <summary>Keeps the signals a detector emits, for assertions.</summary>
internal sealed class SignalRecorder : ISignalSink
{
    public List<Signal> Signals { get; } = [];

    public void OnSignal(Signal signal) => Signals.Add(signal);
}
