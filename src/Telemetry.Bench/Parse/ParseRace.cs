using System.Diagnostics;
using System.Text.Json;
using Telemetry.Bench.Baselines;
using Telemetry.Bench.Handlers;
using Telemetry.Bench.Workloads;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Bench.Parse;

/// <summary>
/// Quick in-process parse figures (DESIGN §5) for <c>telemetry bench parse</c>: the engine's
/// parser against the usual CSMS path and against bare <see cref="Utf8JsonReader"/> tokenising,
/// on the same records in the same run. Passes alternate between the three so that a machine
/// that slows down mid-run slows all of them alike. BenchmarkDotNet in bench/ gives the careful
/// figures; this gives a ratio in seconds.
/// </summary>
public static class ParseRace
{
    public const string Csms = "CSMS: JsonDocument + JsonSerializer";
    public const string Tokenise = "Utf8JsonReader: tokenise only";
    public const string Engine = "engine: TapRecordParser";

    public static IReadOnlyList<ParseFigure> Run(CaptureRecords records, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var csms = new CsmsRecordReader();
        var parser = new TapRecordParser(new ChargerRegistry(), new PendingCalls(100_000, TimeSpan.FromMinutes(5)));
        var bytes = records.Buffer.LongLength;

        // Warm-up: JIT, interned chargers and a sized pending-call table, as in steady state.
        CsmsPass(csms, records);
        TokenisePass(records);
        EnginePass(parser, records);

        var elapsed = new TimeSpan[3];
        var allocated = new long[3];
        var passes = 0;
        var clock = Stopwatch.StartNew();
        while (passes == 0 || clock.Elapsed < duration)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Measure(ref elapsed[0], ref allocated[0], () => CsmsPass(csms, records));
            Measure(ref elapsed[1], ref allocated[1], () => TokenisePass(records));
            Measure(ref elapsed[2], ref allocated[2], () => EnginePass(parser, records));
            passes++;
        }

        long total = (long)records.Count * passes;
        return
        [
            new ParseFigure(Csms, total, bytes * passes, allocated[0], elapsed[0]),
            new ParseFigure(Tokenise, total, bytes * passes, allocated[1], elapsed[1]),
            new ParseFigure(Engine, total, bytes * passes, allocated[2], elapsed[2]),
        ];
    }

    private static void Measure(ref TimeSpan elapsed, ref long allocated, Action pass)
    {
        // The CSMS pass leaves tens of MB of garbage; collected here, it is not collected (on the
        // other core, by the background GC) while the next parser's pass is being timed.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        pass();
        elapsed += Stopwatch.GetElapsedTime(started);
        allocated += GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void CsmsPass(CsmsRecordReader csms, CaptureRecords records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            csms.Read(records.RecordMemory(i));
        }
    }

    private static void TokenisePass(CaptureRecords records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var reader = new Utf8JsonReader(records.Record(i));
            while (reader.Read())
            {
            }
        }
    }

    private static void EnginePass(TapRecordParser parser, CaptureRecords records)
    {
        var handler = new CountingHandler();
        for (var i = 0; i < records.Count; i++)
        {
            parser.Parse(records.Record(i), ref handler);
        }
    }
}
