using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Telemetry.Bench.Baselines;
using Telemetry.Bench.Handlers;
using Telemetry.Bench.Workloads;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tap;
using Telemetry.Simulator;

namespace Telemetry.Benchmarks;

/// <summary>
/// Cost per tap record (DESIGN §5 "Parse") of three readers over the same simulated capture:
/// the usual CSMS path (baseline), bare <see cref="Utf8JsonReader"/> tokenising (the BCL's floor),
/// and the engine's <see cref="TapRecordParser"/>; plus the engine behind <see cref="TapReader"/>
/// over a multi-segment sequence. Every method handles every record once per invocation, so
/// with <c>OperationsPerInvoke</c> = record count the figures are per record.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Parse")]
public class ParseBenchmarks
{
    // 200 chargers for one day: about 140k records, about 17 MB.
    private const int RecordCount = 140_124;
    private const int SegmentBytes = 4 * 1024;

    private CaptureRecords _records = null!;
    private ReadOnlySequence<byte> _segmented;
    private TapRecordParser _parser = null!;
    private CsmsRecordReader _csms = null!;
    private readonly TapReaderOptions _tapOptions = new();

    [GlobalSetup]
    public void Setup()
    {
        _records = CaptureRecords.Simulate(new SimulationOptions { Chargers = 200, Days = 1, Seed = 1 });
        if (_records.Count != RecordCount)
        {
            // OperationsPerInvoke is a constant; a changed simulator must update it.
            throw new InvalidOperationException($"Expected {RecordCount} records, the simulator wrote {_records.Count}.");
        }

        _segmented = _records.Segmented(SegmentBytes);
        _csms = new CsmsRecordReader();
        _parser = new TapRecordParser(new ChargerRegistry(), new PendingCalls(100_000, TimeSpan.FromMinutes(5)));

        // One warm pass interns every charger and sizes the pending-call table: steady state from here on.
        var handler = new CountingHandler();
        ParseAll(ref handler);
        if (handler.Rejected != 0 || handler.Events == 0)
        {
            throw new InvalidOperationException($"The warm pass produced {handler.Events} events and {handler.Rejected} rejections.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordCount, Description = "CSMS: JsonDocument + JsonSerializer")]
    [BenchmarkCategory("Csms")]
    public int CsmsJsonDocument()
    {
        var messages = 0;
        for (var i = 0; i < _records.Count; i++)
        {
            if (_csms.Read(_records.RecordMemory(i)) is not null)
            {
                messages++;
            }
        }

        return messages;
    }

    [Benchmark(OperationsPerInvoke = RecordCount, Description = "Utf8JsonReader: tokenise only")]
    [BenchmarkCategory("Tokenise")]
    public long Utf8JsonReaderTokenise()
    {
        long tokens = 0;
        for (var i = 0; i < _records.Count; i++)
        {
            var reader = new Utf8JsonReader(_records.Record(i));
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    [Benchmark(OperationsPerInvoke = RecordCount, Description = "TapRecordParser.Parse")]
    [BenchmarkCategory("Engine")]
    public long TapRecordParserParse()
    {
        var handler = new CountingHandler();
        ParseAll(ref handler);
        return handler.Events;
    }

    [Benchmark(OperationsPerInvoke = RecordCount, Description = "TapReader, 4 KiB segments")]
    [BenchmarkCategory("Engine", "MultiSegment")]
    public async Task<long> TapReaderMultiSegment()
    {
        var reader = new TapReader(_parser, _tapOptions);
        var result = await reader.ReadAsync(PipeReader.Create(_segmented), new CountingHandler(), CancellationToken.None);
        return result.Records;
    }

    private void ParseAll(ref CountingHandler handler)
    {
        for (var i = 0; i < _records.Count; i++)
        {
            _parser.Parse(_records.Record(i), ref handler);
        }
    }
}
