using Telemetry.Engine.Signals;
using Telemetry.Kafka.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Correlation;

/// <summary>A correlator input held until every events partition has passed its time.</summary>
internal sealed class PendingInput
{
    private PendingInput(long timeMs, string chargePoint, Signal? signal, TelemetryEvent e, DecisionPosition position)
    {
        TimeMs = timeMs;
        ChargePoint = chargePoint;
        Signal = signal;
        Event = e;
        Position = position;
    }

    public long TimeMs { get; }

    /// <summary>Charge point id of the event, or of the signal (empty for fleet-wide signals).</summary>
    public string ChargePoint { get; }

    /// <summary>The signal; null for an event.</summary>
    public Signal? Signal { get; }

    public TelemetryEvent Event { get; }

    public DecisionPosition Position { get; }

    public static PendingInput ForSignal(Signal signal, DecisionPosition position) =>
        new(signal.TimestampMs, signal.ChargePoint, signal, default, position);

    public static PendingInput ForEvent(in TelemetryEvent e, string chargePoint, DecisionPosition position) =>
        new(e.TimestampMs, chargePoint, null, e, position);
}
