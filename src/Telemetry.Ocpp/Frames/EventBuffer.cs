using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// The events of one frame, held until the frame is known to be well-formed. Most frames give one
/// event; MeterValues gives one per measurand and NotifyEvent one per item. Bounded: events past
/// <see cref="Capacity"/> are dropped and counted rather than growing the buffer per record.
/// </summary>
public sealed class EventBuffer
{
    /// <summary>Events kept per frame: a NotifyEvent carrying more items is cut (counted in <see cref="Dropped"/>).</summary>
    public const int Capacity = 32;

    private readonly TelemetryEvent[] _events = new TelemetryEvent[Capacity];

    public int Count { get; private set; }

    /// <summary>Events dropped because a frame gave more than <see cref="Capacity"/>.</summary>
    public long Dropped { get; private set; }

    public ReadOnlySpan<TelemetryEvent> Events => _events.AsSpan(0, Count);

    public void Clear() => Count = 0;

    public void Add(in TelemetryEvent e)
    {
        if (Count == Capacity)
        {
            Dropped++;
            return;
        }

        _events[Count++] = e;
    }
}
