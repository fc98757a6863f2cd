namespace Telemetry.Engine.Signals;

/// <summary>Receives the signals of a detector, in event-time order per charger.</summary>
public interface ISignalSink
{
    void OnSignal(Signal signal);
}
