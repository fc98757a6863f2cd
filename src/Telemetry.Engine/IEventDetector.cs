using Telemetry.Ocpp.Events;

namespace Telemetry.Engine;

/// <summary>
/// A detector a partition drives: its events in event-time order, and a timer pass on the
/// watermark so that a condition can end (or age) while the charger stays silent.
/// </summary>
public interface IEventDetector
{
    void OnEvent(in TelemetryEvent e);

    /// <summary>Fires what is due at <paramref name="watermarkMs"/>; a detector without timers does nothing.</summary>
    void Tick(long watermarkMs);
}
