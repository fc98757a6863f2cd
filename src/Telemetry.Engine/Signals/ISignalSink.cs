namespace Telemetry.Engine.Signals;

/// <summary>Receives the signals of a detector, in event-time order per charger.</summary>
public interface ISignalSink
{
    void OnSignal(Signal signal);

    /// <summary>
    /// Receives a signal as the detector raised or cleared it, valid for the call only. By default
    /// it is made a <see cref="Signal"/> for <see cref="OnSignal(Signal)"/>; a sink that writes or
    /// counts at once takes it here and copies what it needs, so that no object is made per signal.
    /// </summary>
    void OnSignal(in SignalValue signal) => OnSignal(signal.ToSignal());
}
