using BenchmarkDotNet.Attributes;
using Telemetry.Bench.Detect;
using Telemetry.Engine;
using Telemetry.Ocpp.Events;
using Telemetry.Simulator;

namespace Telemetry.Benchmarks;

/// <summary>
/// Cost per event (DESIGN §5 "Detectors") of one partition's detectors holding the state of
/// 100k chargers: the simulated day of 200 chargers played as 500 copies (see
/// <see cref="DetectWorkload"/>). Every invocation writes the next chunk of the day (2,000 base
/// events × 500 copies) into a 32 MB buffer and then reads it: the baseline only sums a field
/// of each event (the memory floor), the other hands each one to the reorder buffer and every
/// detector. Both pay the same write, so their difference is the detectors' own cost.
/// Event time moves on with every invocation, a day further on every pass, so state is steady.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Detect")]
public class DetectBenchmarks
{
    private const int Chargers = 100_000;
    private const int ChunkBaseEvents = 2_000;
    private const int Copies = 500;
    private const int ChunkEvents = ChunkBaseEvents * Copies;

    private readonly TelemetryEvent[] _chunk = new TelemetryEvent[ChunkEvents];
    private DetectWorkload _workload = null!;
    private BenchPartition _partition = null!;
    private int _pass;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _workload = DetectWorkload.Create(new SimulationOptions { Chargers = 200, Days = 1, Seed = 1 }, Chargers);
        if (_workload.Copies != Copies)
        {
            // OperationsPerInvoke is a constant; a changed simulator must update it.
            throw new InvalidOperationException($"Expected {Copies} copies, the workload needs {_workload.Copies}.");
        }

        _partition = new BenchPartition(_workload.Chargers, _workload.Texts, new DetectorOptions());

        // Warm-up: every kind of event of every charger and port has reached the detectors.
        for (var start = 0; start < _workload.Primers.Length; start += ChunkBaseEvents)
        {
            var count = _workload.FillPrimers(start, Math.Min(start + ChunkBaseEvents, _workload.Primers.Length), _chunk);
            DetectRace.Detect(_partition, _chunk.AsSpan(0, count));
        }

        while (_next < _workload.WarmUpEvents)
        {
            DetectRace.Detect(_partition, NextChunk());
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ChunkEvents, Description = "read + sum (memory floor)")]
    public long ReadAndSum() => DetectRace.Sum(NextChunk());

    [Benchmark(OperationsPerInvoke = ChunkEvents, Description = "reorder + all detectors, one partition")]
    public long Detect()
    {
        DetectRace.Detect(_partition, NextChunk());
        return _partition.Events;
    }

    private ReadOnlySpan<TelemetryEvent> NextChunk()
    {
        if (_next >= _workload.Events.Length)
        {
            _pass++;
            _next = 0;
        }

        var end = _next + ChunkBaseEvents;
        if (end > _workload.Events.Length)
        {
            // The day's last events and the next day's first: always a full chunk.
            var tail = _workload.Fill(_pass, _next, _workload.Events.Length, _chunk);
            _pass++;
            _next = ChunkBaseEvents - (tail / Copies);
            _workload.Fill(_pass, 0, _next, _chunk.AsSpan(tail));
            return _chunk;
        }

        _workload.Fill(_pass, _next, end, _chunk);
        _next = end;
        return _chunk;
    }
}
