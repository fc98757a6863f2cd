using System.Text;
using System.Text.Json;
using Telemetry.Cli.Pipeline;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;
using Telemetry.Simulator;

namespace Telemetry.Cli.Tests.Ingest;

/// <summary>A simulated capture split into tap streams by charger, and the events each stream parses into.</summary>
internal static class TapStreams
{
    /// <summary>One event as a charger-independent value: ids replaced by the texts they stand for.</summary>
    public readonly record struct NamedEvent(string ChargePoint, TelemetryEvent Event, string? Text);

    public static byte[][] Split(int streams, int chargers, int seed, int days = 1)
    {
        using var capture = new MemoryStream();
        new FleetSimulator(new SimulationOptions { Chargers = chargers, Sites = 2, Days = days, Seed = seed }).WriteCapture(capture);
        var parts = Enumerable.Range(0, streams).Select(_ => new StringBuilder()).ToArray();
        foreach (var line in Encoding.UTF8.GetString(capture.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var record = JsonDocument.Parse(line);
            var cp = record.RootElement.GetProperty("cp").GetString()!;
            parts[(int)((uint)StringComparer.Ordinal.GetHashCode(cp) % streams)].Append(line).Append('\n');
        }

        return parts.Select(p => Encoding.UTF8.GetBytes(p.ToString())).ToArray();
    }

    /// <summary>What the parser makes of <paramref name="stream"/> read as a file: the ground truth for what the gateway must produce.</summary>
    public static async Task<List<NamedEvent>> ParseAsync(byte[] stream)
    {
        var chargers = new ChargerRegistry();
        var texts = new TextCodeRegistry();
        var input = new CaptureInput(CaptureFormat.Tap, chargers, texts, new TapReaderOptions());
        var events = new List<TelemetryEvent>();
        await input.ReadAsync(System.IO.Pipelines.PipeReader.Create(new MemoryStream(stream)), new Collecting(events), CancellationToken.None);
        return events.Select(e => Named(e, chargers, texts)).ToList();
    }

    public static NamedEvent Named(TelemetryEvent e, ChargerRegistry chargers, TextCodeRegistry texts)
    {
        var name = chargers.NameOf(e.Charger);
        var text = texts.TextOf(e.TextCode);
        e.Charger = 0;
        e.TextCode = 0;
        return new NamedEvent(name, e, text);
    }

    private readonly struct Collecting(List<TelemetryEvent> events) : IParseHandler
    {
        public void OnEvent(in TelemetryEvent telemetryEvent) => events.Add(telemetryEvent);

        public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
        {
        }
    }
}
