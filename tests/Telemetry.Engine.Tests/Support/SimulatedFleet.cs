using System.IO.Pipelines;
using Telemetry.Engine.Availability;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;
using Telemetry.Simulator;
using Telemetry.Simulator.Truth;

namespace Telemetry.Engine.Tests.Support;

/// <summary>A simulated capture parsed into events, with the simulator's ground truth beside it.</summary>
internal sealed record SimulatedFleet(ChargerRegistry Chargers, IReadOnlyList<TelemetryEvent> Events, SimulationTruth Truth)
{
    /// <summary>The text codes the parser interned (alarm and derating detectors resolve them).</summary>
    public TextCodeRegistry Texts { get; init; } = new();

    public static async Task<SimulatedFleet> CreateAsync(SimulationOptions options)
    {
        var simulator = new FleetSimulator(options);
        using var capture = new MemoryStream();
        simulator.WriteCapture(capture);
        capture.Position = 0;

        var chargers = new ChargerRegistry();
        var events = new List<TelemetryEvent>();
        var rejects = new List<RejectReason>();
        var parser = new TapRecordParser(chargers, new PendingCalls(10_000, TimeSpan.FromMinutes(5)));
        var reader = new TapReader(parser, new TapReaderOptions());
        await reader.ReadAsync(PipeReader.Create(capture), new CollectingHandler(events, rejects), CancellationToken.None);
        Assert.Empty(rejects);
        return new SimulatedFleet(chargers, events, simulator.Truth) { Texts = parser.TextCodes };
    }

    /// <summary>Runs every event through a fresh detector and ends the input where the simulation ends.</summary>
    public RecordingSink Detect()
    {
        var sink = new RecordingSink();
        var detector = new AvailabilityDetector(Chargers, new AvailabilityOptions(), sink);
        foreach (var e in Events)
        {
            detector.OnEvent(e);
        }

        detector.Finish(Truth.End.ToUnixTimeMilliseconds());
        return sink;
    }
}
