using BenchmarkDotNet.Attributes;
using Telemetry.Bench.Sink;
using Telemetry.Engine.Availability;
using Telemetry.Timescale.Sink;

namespace Telemetry.Benchmarks;

/// <summary>
/// Connector-minute rollup rows per second into PostgreSQL (issue 6 "Performance"): the same
/// 200,000 rows (10,000 chargers × 2 ports, 10 minutes) in four 50,000-row transactions, through
/// a plain multi-row INSERT (the baseline) and through the exactly-once sink (binary COPY into
/// staging, INSERT … ON CONFLICT, offsets upserted in the same transaction), the latter without
/// and with the plain-PostgreSQL hour/day upkeep. Each invocation starts from emptied tables.
/// The server is named by <c>TELEMETRY_BENCH_PG</c>; the rows go to scratch databases on it.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Sink")]
[Config(typeof(SinkBenchmarkConfig))]
public class SinkBenchmarks
{
    public const string ServerVariable = "TELEMETRY_BENCH_PG";

    private const int Rows = 200_000;
    private const int BatchRows = 50_000;

    private readonly SinkOptions _options = new() { MaxBatchRows = BatchRows };
    private readonly ConnectorRollup[] _rows = new ConnectorRollup[Rows];
    private SinkWorkload _workload = null!;
    private ScratchDatabase _core = null!;
    private ScratchDatabase _upkeep = null!;
    private PlainInsertWriter _plain = null!;
    private ExactlyOnceSink _sink = null!;
    private ExactlyOnceSink _upkeepSink = null!;

    [GlobalSetup]
    public void Setup()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is not set: give it an Npgsql connection string of a PostgreSQL server whose login may CREATE DATABASE, e.g. {ServerVariable}=\"Host=127.0.0.1;Port=5432;Username=postgres\".");
        }

        _workload = new SinkWorkload(chargers: 10_000, portsPerCharger: 2);
        _workload.Fill(0, _rows);
        _core = ScratchDatabase.CreateAsync(server, CancellationToken.None).GetAwaiter().GetResult();
        _core.SkipHourDayUpkeepAsync(CancellationToken.None).GetAwaiter().GetResult();
        SinkRace.PrepareAsync(_core, _workload, Rows, CancellationToken.None).GetAwaiter().GetResult();
        _upkeep = ScratchDatabase.CreateAsync(server, CancellationToken.None).GetAwaiter().GetResult();
        SinkRace.PrepareAsync(_upkeep, _workload, Rows, CancellationToken.None).GetAwaiter().GetResult();
        _plain = new PlainInsertWriter(_core.DataSource, _workload.NameOf);
        _sink = SinkRace.CreateSink(_core, _workload, _options);
        _upkeepSink = SinkRace.CreateSink(_upkeep, _workload, _options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _core.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _upkeep.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void Empty()
    {
        SinkRace.EmptyAsync(_core, CancellationToken.None).GetAwaiter().GetResult();
        SinkRace.EmptyAsync(_upkeep, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Rows, Description = "plain multi-row INSERT")]
    public Task PlainInsert() => SinkRace.WritePlainAsync(_plain, _rows, BatchRows, CancellationToken.None);

    [Benchmark(OperationsPerInvoke = Rows, Description = "exactly-once: COPY + merge + offsets")]
    public Task ExactlyOnce() => SinkRace.WriteExactlyOnceAsync(_sink, _options, _rows, 0, CancellationToken.None);

    [Benchmark(OperationsPerInvoke = Rows, Description = "exactly-once + hour/day upkeep (plain PostgreSQL)")]
    public Task ExactlyOnceWithUpkeep() => SinkRace.WriteExactlyOnceAsync(_upkeepSink, _options, _rows, 0, CancellationToken.None);
}
