namespace Telemetry.Kafka.Signals;

/// <summary>What a record of the decisions topic carries.</summary>
public enum DecisionRecordKind : byte
{
    /// <summary>A detector signal (JSON of the engine's signal record).</summary>
    Signal = 1,

    /// <summary>An OCPP event the correlator follows: charge point id and the events codec's value.</summary>
    Event = 2,

    /// <summary>An authorisation result for the fleet-wide backend view: charge point id and the events codec's value.</summary>
    AuthResult = 3,

    /// <summary>
    /// An events partition's promise: no later record from it is dated before this event time.
    /// Sent to every partition of the topic.
    /// </summary>
    Watermark = 4,
}
