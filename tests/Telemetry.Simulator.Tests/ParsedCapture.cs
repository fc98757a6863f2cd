using System.IO.Pipelines;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Simulator.Tests;

/// <summary>A simulated capture read by the production tap parser, as the engine would see it.</summary>
internal sealed class ParsedCapture
{
    private ParsedCapture(SimulationRun run, ChargerRegistry chargers, TapRecordParser parser, List<TelemetryEvent> events, List<RejectReason> rejects)
    {
        Run = run;
        Chargers = chargers;
        Parser = parser;
        Events = events;
        Rejects = rejects;
    }

    public SimulationRun Run { get; }

    public ChargerRegistry Chargers { get; }

    public TapRecordParser Parser { get; }

    public IReadOnlyList<TelemetryEvent> Events { get; }

    public IReadOnlyList<RejectReason> Rejects { get; }

    public static ParsedCapture Parse(SimulationRun run)
    {
        var chargers = new ChargerRegistry();
        var parser = new TapRecordParser(chargers, new PendingCalls(100_000, TimeSpan.FromHours(1)));
        var reader = new TapReader(parser, new TapReaderOptions());
        var events = new List<TelemetryEvent>();
        var rejects = new List<RejectReason>();
        reader.ReadAsync(PipeReader.Create(new MemoryStream(run.Capture)), new Collector(events, rejects), CancellationToken.None)
            .GetAwaiter().GetResult();
        return new ParsedCapture(run, chargers, parser, events, rejects);
    }

    /// <summary>The events of one charger, in capture order.</summary>
    public List<TelemetryEvent> Of(string chargePoint)
    {
        var id = Chargers.Intern(chargePoint.AsSpan());
        return [.. Events.Where(e => e.Charger == id)];
    }

    public string? Text(in TelemetryEvent e) => Parser.TextCodes.TextOf(e.TextCode);

    private readonly struct Collector(List<TelemetryEvent> events, List<RejectReason> rejects) : IParseHandler
    {
        public void OnEvent(in TelemetryEvent telemetryEvent) => events.Add(telemetryEvent);

        public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw) => rejects.Add(reason);
    }
}
