using Telemetry.Engine;
using Telemetry.Engine.Alarms;
using Telemetry.Engine.Auth;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Comms;
using Telemetry.Engine.Firmware;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Ordering;
using Telemetry.Engine.Power;
using Telemetry.Engine.Resets;
using Telemetry.Engine.Restarts;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Bench.Detect;

/// <summary>
/// The detector set of one partition, as the <c>process</c> worker drives it: the reorder
/// buffer, the availability detector and every <see cref="IEventDetector"/>, with timers ticked
/// on the watermark once per minute of event time. What they conclude is counted, not stored,
/// so that the figures are the detectors' own cost. <see cref="Stage"/> runs one of them alone,
/// to find which costs most.
/// </summary>
public sealed class BenchPartition : IAvailabilitySink, ISessionSink
{
    private const long MinuteMs = 60_000;

    private readonly EventReorderBuffer _reorder;
    private readonly AvailabilityDetector? _availability;

    // The whole set, or the one stage run alone.
    private readonly WindowDetectors? _windows;
    private readonly IEventDetector[] _alone = [];
    private readonly long _latenessMs;
    private long _streamTimeMs = long.MinValue;

    // The stream time (+ allowed lateness) at which whatever is being detected now became due.
    private long _dueMs = long.MinValue;

    public BenchPartition(ChargerRegistry chargers, TextCodeRegistry texts, DetectorOptions options, string? only = null)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        var inventory = FleetInventory.Empty;
        _reorder = new EventReorderBuffer(options.Availability.AllowedLateness, options.Ordering);
        _latenessMs = (long)options.Availability.AllowedLateness.TotalMilliseconds;
        if (only is null || only == nameof(AvailabilityDetector))
        {
            _availability = new AvailabilityDetector(chargers, options.Availability, this);
        }

        var windows = new WindowDetectors(chargers, texts, inventory, options, this, this);
        if (only is null)
        {
            _windows = windows;
        }
        else
        {
            // One stage alone: a call site that sees one type, as the direct calls of the whole set are.
            _alone = windows.All.Where(d => d.GetType().Name == only).ToArray();
        }
    }

    /// <summary>The stages <see cref="BenchPartition(ChargerRegistry, TextCodeRegistry, DetectorOptions, string?)"/> can run alone.</summary>
    public static IReadOnlyList<string> Stages { get; } =
    [
        nameof(EventReorderBuffer),
        nameof(AvailabilityDetector),
        nameof(CommsStabilityDetector),
        nameof(UnansweredCallsDetector),
        nameof(ResetDetector),
        nameof(AlarmDetector),
        nameof(FirmwareFailureDetector),
        nameof(DeratingDetector),
        nameof(SessionDetector),
        nameof(AuthFailureDetector),
        nameof(RestartEfficacyDetector),
    ];

    public long Events { get; private set; }

    public long Signals { get; private set; }

    public long Rollups { get; private set; }

    public long Sessions { get; private set; }

    public long Outages { get; private set; }

    public long LateEvents => _reorder.LateEvents;

    public long ForcedReleases => _reorder.ForcedReleases;

    /// <summary>Events held by the reorder buffer now.</summary>
    public int Buffered => _reorder.Count;

    /// <summary>
    /// Called with each signal and the event time at which the rules made it due: the
    /// triggering event's time, or the minute boundary of the timer pass that raised it, plus
    /// the allowed lateness the reorder buffer holds events for.
    /// </summary>
    public Action<Signal, long>? SignalDue { get; init; }

    public void OnEvent(in TelemetryEvent e)
    {
        if (!_reorder.TryAdd(e))
        {
            return;
        }

        var sink = new Ordered(this);
        _reorder.Release(ref sink);
    }

    /// <summary>
    /// Moves the latest time to <paramref name="timeMs"/> without an event (a live partition's
    /// wall clock while idle): held events the watermark passes are detected on, and the timers
    /// run when the detectors' stream time crosses a minute.
    /// </summary>
    public void AdvanceTo(long timeMs)
    {
        _reorder.AdvanceTo(timeMs);
        var sink = new Ordered(this);
        _reorder.Release(ref sink);
        // As the process worker does: stream time follows the clock, and the timers use it minus
        // the allowed lateness, so a pass at a minute boundary is due when the clock reaches it.
        Tick(timeMs, 0);
        _availability?.AdvanceTo(timeMs);
    }

    /// <summary>Detects on every held event, as if the watermark had passed them, without ending the input.</summary>
    public void Drain()
    {
        var sink = new Ordered(this);
        _reorder.ReleaseAll(ref sink);
    }

    /// <summary>Ends the input: every held event is detected on and every timer fires at <paramref name="endMs"/>.</summary>
    public void Finish(long endMs)
    {
        var sink = new Ordered(this);
        _reorder.ReleaseAll(ref sink);
        _availability?.Finish(endMs);
        TickWindows(endMs);
    }

    public void OnRollup(in ConnectorRollup rollup) => Rollups++;

    public void OnOutage(Outage outage) => Outages++;

    public void OnSignal(Signal signal)
    {
        Signals++;
        SignalDue?.Invoke(signal, _dueMs);
    }

    /// <summary>Counts the signal as a sink that writes it at once would take it: no object is made unless <see cref="SignalDue"/> asks for one.</summary>
    public void OnSignal(in SignalValue signal)
    {
        Signals++;
        SignalDue?.Invoke(signal.ToSignal(), _dueMs);
    }

    public void OnSession(in SessionRecord session) => Sessions++;

    private void Detect(in TelemetryEvent e)
    {
        Events++;
        Tick(e.TimestampMs, _latenessMs);
        _availability?.AdvanceTo(e.TimestampMs);
        _dueMs = e.TimestampMs + _latenessMs;
        _availability?.OnEvent(e);
        if (_windows is not null)
        {
            _windows.OnEvent(e);
            return;
        }

        foreach (var detector in _alone)
        {
            detector.OnEvent(e);
        }
    }

    /// <summary>Moves the detectors' stream time to <paramref name="timeMs"/>, with a timer pass when it crosses a minute.</summary>
    /// <param name="heldMs">How long after its stream time the pass could run: the reorder buffer's hold for a released event, 0 for the clock.</param>
    private void Tick(long timeMs, long heldMs)
    {
        if (timeMs <= _streamTimeMs)
        {
            return;
        }

        var crossesMinute = _streamTimeMs == long.MinValue || (timeMs / MinuteMs) != (_streamTimeMs / MinuteMs);
        _streamTimeMs = timeMs;
        if (crossesMinute)
        {
            _dueMs = (timeMs / MinuteMs * MinuteMs) + heldMs;
            TickWindows(_streamTimeMs - _latenessMs);
        }
    }

    private void TickWindows(long watermarkMs)
    {
        if (_windows is not null)
        {
            _windows.Tick(watermarkMs);
            return;
        }

        foreach (var detector in _alone)
        {
            detector.Tick(watermarkMs);
        }
    }

    /// <summary>The detectors as the reorder buffer's sink.</summary>
    private readonly struct Ordered(BenchPartition partition) : IOrderedEventSink
    {
        public void OnOrderedEvent(in TelemetryEvent e) => partition.Detect(e);
    }
}
