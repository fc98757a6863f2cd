using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Events;

/// <summary>One slot of an <see cref="EventHandOff"/>: what the consuming thread read, as the detecting thread receives it.</summary>
public struct HandOffRecord
{
    /// <summary>The decoded event (when <see cref="Kind"/> is <see cref="HandOffKind.Event"/>).</summary>
    public TelemetryEvent Event { readonly get; internal set; }

    public long Offset { readonly get; internal set; }

    public int Partition { readonly get; internal set; }

    public HandOffKind Kind { readonly get; internal set; }

    /// <summary>The record's raw-frame source header, or null (see <see cref="GroupEventConsumer.CurrentSource"/>).</summary>
    public byte[]? Source { readonly get; internal set; }
}
