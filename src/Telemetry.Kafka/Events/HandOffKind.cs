namespace Telemetry.Kafka.Events;

/// <summary>What a <see cref="HandOffRecord"/> carries.</summary>
public enum HandOffKind : byte
{
    /// <summary>A decoded event with its partition and offset.</summary>
    Event,

    /// <summary>A record that did not decode: only its partition and offset count.</summary>
    Skipped,

    /// <summary>No record: a point in the stream the writer waits on, e.g. before a rebalance acts.</summary>
    Marker,
}
