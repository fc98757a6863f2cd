using Telemetry.Bench.Workloads;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tap;
using Telemetry.Simulator;

namespace Telemetry.Bench.Detect;

/// <summary>
/// The detectors' input (DESIGN §5 "Detectors"): a simulated capture, parsed once by the tap
/// parser into events, then played as <see cref="Copies"/> fleets side by side so that the
/// detectors hold the state of <see cref="Chargers"/> chargers. Copy k of base charger c is
/// charger c + k × base chargers; every base event is played for each copy in turn, so the event
/// mix (1.6 and 2.0.1 heartbeats, statuses, meter values, sessions, faults) is the simulator's
/// and event time stays in order. Events are written to a buffer before they are measured, so every
/// loop reads them from memory. Pass p shifts event time by p spans, so state carries on from
/// pass to pass as it would on a longer capture.
/// </summary>
public sealed class DetectWorkload
{
    // Event time the warm-up runs on after the last first sight: the reorder buffer holds events
    // for the allowed lateness (2 min by default) before the detectors see them, and the timer
    // passes of the minutes after that settle the state they grow.
    private const long SettleMs = 10 * 60_000;

    private DetectWorkload(TelemetryEvent[] events, int baseChargers, int copies, ChargerRegistry chargers, TextCodeRegistry texts, long spanMs, int warmUpEvents)
    {
        WarmUpEvents = warmUpEvents;
        Primers = FirstOfEachKind(events, warmUpEvents);
        Events = events;
        BaseChargers = baseChargers;
        Copies = copies;
        Chargers = chargers;
        Texts = texts;
        SpanMs = spanMs;
    }

    /// <summary>The parsed events of the simulated capture, charger ids 0 … <see cref="BaseChargers"/> − 1.</summary>
    public TelemetryEvent[] Events { get; }

    public int BaseChargers { get; }

    public int Copies { get; }

    /// <summary>Every charger of every copy, interned in charger-id order.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>The texts the events' <see cref="TelemetryEvent.TextCode"/> refer to.</summary>
    public TextCodeRegistry Texts { get; }

    /// <summary>Event time one pass covers; pass p is shifted by p × this.</summary>
    public long SpanMs { get; }

    /// <summary>
    /// Base events until every charger and every port of one has been seen and has reached the
    /// detectors through the reorder buffer: past them, state has its steady-state size.
    /// </summary>
    public int WarmUpEvents { get; }

    /// <summary>
    /// Base events after <see cref="WarmUpEvents"/> that are the first of their kind for their
    /// charger and port (kind, origin, detail, reason, error and text code): a detector's state
    /// for them (a charger's first CALL, first alarm key, first session) is made at their first
    /// sight. Played one span before pass 0 (<see cref="FillPrimers"/>), they give every table
    /// the room the measured passes need, so that growing it is not counted as steady state.
    /// </summary>
    public TelemetryEvent[] Primers { get; }

    /// <summary>Events one pass hands out.</summary>
    public long EventsPerPass => (long)Events.Length * Copies;

    /// <summary>Simulates <paramref name="options"/>, parses the capture and plans enough copies to reach <paramref name="targetChargers"/>.</summary>
    public static DetectWorkload Create(SimulationOptions options, int targetChargers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetChargers, 1);
        var records = CaptureRecords.Simulate(options);
        var parsed = Parse(records, out var baseRegistry, out var texts);
        var baseChargers = baseRegistry.Count;
        var copies = Math.Max(1, (targetChargers + baseChargers - 1) / baseChargers);

        var chargers = new ChargerRegistry();
        for (var copy = 0; copy < copies; copy++)
        {
            for (var c = 0; c < baseChargers; c++)
            {
                // Copy 0 keeps the simulator's ids; the others get a copy prefix, all within 48 characters.
                chargers.Intern(copy == 0 ? baseRegistry.NameOf(c) : $"F{copy:D4}-{baseRegistry.NameOf(c)}");
            }
        }

        var events = parsed.ToArray();
        var spanMs = events.Length == 0 ? 0 : events[^1].TimestampMs - events[0].TimestampMs + 1;
        return new DetectWorkload(events, baseChargers, copies, chargers, texts, spanMs, WarmUp(events) + 1);
    }

    // Ports are state too (each detector's port table grows on a port's first event), and a
    // charger's later ports may first report well after the charger.
    private static int WarmUp(TelemetryEvent[] events)
    {
        var last = LastFirstSight(events);
        if (last < 0)
        {
            return last;
        }

        var settledMs = events[last].TimestampMs + SettleMs;
        while (last < events.Length - 1 && events[last].TimestampMs <= settledMs)
        {
            last++;
        }

        return last;
    }

    private static TelemetryEvent[] FirstOfEachKind(TelemetryEvent[] events, int from)
    {
        var seen = new HashSet<(int Charger, ushort Port, EventKind Kind, EventOrigin Origin, byte Detail, byte Reason, ErrorCode Error, ushort Text)>();
        var primers = new List<TelemetryEvent>();
        for (var i = 0; i < events.Length; i++)
        {
            var e = events[i];
            if (seen.Add((e.Charger, e.Port, e.Kind, e.Origin, e.Detail, e.Reason, e.Error, e.TextCode)) && i >= from)
            {
                primers.Add(e);
            }
        }

        return [.. primers];
    }

    private static int LastFirstSight(TelemetryEvent[] events)
    {
        var seen = new HashSet<(int Charger, ushort Port)>();
        var last = events.Length - 1;
        for (var i = 0; i < events.Length; i++)
        {
            if (seen.Add((events[i].Charger, events[i].Port)))
            {
                last = i;
            }
        }

        return last;
    }

    /// <summary>Parses every record of <paramref name="records"/> with a fresh tap parser.</summary>
    public static List<TelemetryEvent> Parse(CaptureRecords records, out ChargerRegistry chargers, out TextCodeRegistry texts)
    {
        ArgumentNullException.ThrowIfNull(records);
        chargers = new ChargerRegistry();
        var parser = new TapRecordParser(chargers, new PendingCalls(100_000, TimeSpan.FromMinutes(5)));
        texts = parser.TextCodes;
        var events = new List<TelemetryEvent>(records.Count);
        var collector = new EventCollector(events);
        for (var i = 0; i < records.Count; i++)
        {
            parser.Parse(records.Record(i), ref collector);
        }

        return events;
    }

    /// <summary>
    /// Writes base events [<paramref name="start"/>, <paramref name="end"/>) of pass
    /// <paramref name="pass"/> into <paramref name="destination"/>, each once per copy.
    /// </summary>
    /// <returns>The number of events written: (end − start) × <see cref="Copies"/>.</returns>
    public int Fill(int pass, int start, int end, Span<TelemetryEvent> destination) => Fill(Events, pass * SpanMs, start, end, destination);

    /// <summary>Writes <see cref="Primers"/> [<paramref name="start"/>, <paramref name="end"/>) one span before pass 0, each once per copy.</summary>
    public int FillPrimers(int start, int end, Span<TelemetryEvent> destination) => Fill(Primers, -SpanMs, start, end, destination);

    private int Fill(TelemetryEvent[] events, long shiftMs, int start, int end, Span<TelemetryEvent> destination)
    {
        var written = 0;
        for (var i = start; i < end; i++)
        {
            var e = events[i];
            e.TimestampMs += shiftMs;
            var charger = e.Charger;
            for (var copy = 0; copy < Copies; copy++)
            {
                e.Charger = charger + (copy * BaseChargers);
                destination[written++] = e;
            }
        }

        return written;
    }
}
