using System.CommandLine;
using System.Globalization;
using Telemetry.Bench.Detect;
using Telemetry.Bench.EndToEnd;
using Telemetry.Bench.Parse;
using Telemetry.Bench.Sink;
using Telemetry.Bench.Workloads;
using Telemetry.Engine;
using Telemetry.Cli.Hosting;
using Telemetry.Simulator;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry bench</c>: quick in-process figures, each a ratio against a baseline measured in
/// the same run on the same input (DESIGN §5). The careful figures come from bench/.
/// </summary>
internal static class BenchCommand
{
    // One simulated day of 200 chargers: about 140k records, 18 MB, the mix of a real tap.
    private static readonly SimulationOptions s_workload = new() { Chargers = 200, Days = 1, Seed = 1 };

    // One partition holding the state of a 100k-charger fleet (DESIGN §5 "Detectors").
    private const int DetectChargers = 100_000;

    // DESIGN §5 "End to end in one process on 2 cores".
    private const int EndToEndThreads = 2;

    // Passes of the simulated day written to the topic: about 300k events.
    private const int KafkaPasses = 4;

    // Issue 7 "Performance": event → signal latency is judged at this rate, p99 under a second.
    private const double LatencyRate = 100_000;
    private const double LatencyTargetP99Ms = 1000;

    // The paced run's reorder hold: covers the producer's linger and fetch bursts, so that the
    // idle clock does not overtake records in flight; the latency is measured beyond it.
    private static readonly TimeSpan s_liveLateness = TimeSpan.FromSeconds(1);

    // Issue 6 "Performance": exactly-once rollup rows/s on 2 cores.
    private const double SinkTargetRowsPerSecond = 150_000;

    // The sink's fleet: 10,000 chargers of two ports, 20,000 rows per minute.
    private const int SinkChargers = 10_000;
    private const int SinkPorts = 2;

    public static Command Create()
    {
        var bench = new Command("bench", "In-process throughput figures against baselines measured in the same run.");
        bench.Subcommands.Add(Parse());
        bench.Subcommands.Add(Detect());
        bench.Subcommands.Add(EndToEnd());
        bench.Subcommands.Add(Sink());
        return bench;
    }

    private static Command Parse()
    {
        var seconds = Seconds();
        var command = new Command("parse", "Tap records/s of the engine's parser against the usual CSMS path and Utf8JsonReader tokenising.") { seconds };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(),
            (_, ct) =>
            {
                var records = CaptureRecords.Simulate(s_workload);
                var duration = TimeSpan.FromSeconds(parse.GetValue(seconds));
                Console.Error.WriteLine(Invariant($"Simulated {records.Count:N0} tap records ({records.Buffer.Length / 1e6:F1} MB); measuring for {duration.TotalSeconds:F0} s …"));
                var figures = ParseRace.Run(records, duration, ct);
                Print(Console.Out, figures);
                return Task.FromResult(ExitCodes.Ok);
            },
            cancellationToken));
        return command;
    }

    private static Command Detect()
    {
        var seconds = Seconds();
        var command = new Command("detect", "Events/s per core of one partition's detectors over 100k chargers against a read-only baseline; state bytes for 1M connectors.") { seconds };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(),
            (_, ct) =>
            {
                var duration = TimeSpan.FromSeconds(parse.GetValue(seconds));
                var workload = DetectWorkload.Create(s_workload, DetectChargers);
                Console.Error.WriteLine(Invariant($"Parsed {workload.Events.Length:N0} events of {workload.BaseChargers} simulated chargers, played as {workload.Copies} copies ({workload.Chargers.Count:N0} chargers); measuring for {duration.TotalSeconds:F0} s …"));
                var options = new DetectorOptions();
                var figures = DetectRace.Run(workload, options, duration, ct);
                PrintRates(Console.Out, figures);
                var baseline = figures[0];
                var detectors = figures[1];
                Console.Out.WriteLine(Invariant($"detectors / baseline time: {detectors.NanosecondsPerEvent / baseline.NanosecondsPerEvent:F1}x"));
                Console.Out.WriteLine(Invariant($"detectors: {detectors.EventsPerSecondPerCore:N0} events/s per core   (target >= 5,000,000: {Verdict(detectors.EventsPerSecondPerCore >= 5e6)})"));
                Console.Out.WriteLine(Invariant($"allocated: {detectors.AllocatedBytesPerEvent:F2} B/event in steady state   (target 0: {Verdict(detectors.AllocatedBytes == 0)})"));

                // Each stage alone, for a share of the time: which one costs most per event.
                var share = TimeSpan.FromSeconds(Math.Max(0.2, duration.TotalSeconds / BenchPartition.Stages.Count / 2));
                Console.Out.WriteLine("profile: each stage alone behind the reorder buffer (ns/event, B/event)");
                foreach (var stage in BenchPartition.Stages)
                {
                    var alone = DetectRace.Run(workload, options, share, stage, out BenchPartition _, ct)[1];
                    Console.Out.WriteLine(Invariant($"  {stage,-28} {alone.NanosecondsPerEvent,8:F1} {alone.AllocatedBytesPerEvent,8:F2}"));
                }

                var state = StateSize.Measure(StateSizeFigure.TargetConnectors / StateSize.PortsPerCharger, options);
                Console.Out.WriteLine(Invariant($"state: {state.Connectors:N0} connectors ({state.Chargers:N0} chargers x {StateSize.PortsPerCharger} ports, {state.Events:N0} events): detectors {state.DetectorBytes / 1e6:F0} MB + charger ids {state.RegistryBytes / 1e6:F0} MB"));
                Console.Out.WriteLine(Invariant($"state: {state.BytesPerConnector:F0} B/connector, {state.ProjectedBytesForTarget / (1 << 20):F0} MiB for 1M connectors   (target <= 1024 MiB: {Verdict(state.ProjectedBytesForTarget <= StateSizeFigure.TargetBytes)})"));
                return Task.FromResult(ExitCodes.Ok);
            },
            cancellationToken));
        return command;
    }

    private static Command EndToEnd()
    {
        var seconds = Seconds();
        var rate = SharedOptions.Positive("--rate", "Events/s the paced latency run produces.", (int)LatencyRate);
        var command = new Command("e2e", "Events/s end to end in one process (parse → detect on 2 cores) and through the embedded Kafka against a bare consumer; event → signal latency at a paced rate.") { seconds, rate };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(),
            (_, ct) =>
            {
                var duration = TimeSpan.FromSeconds(parse.GetValue(seconds));
                var options = new DetectorOptions();
                var records = CaptureRecords.Simulate(s_workload);
                Console.Error.WriteLine(Invariant($"Simulated {records.Count:N0} tap records; measuring for {duration.TotalSeconds:F0} s per figure (the Kafka lines share theirs, interleaved in rounds of one drain each) …"));
                var inProcess = InProcessPipeline.Run(records, options, EndToEndThreads, duration, ct);
                var workload = DetectWorkload.Create(s_workload, targetChargers: 1);
                var kafka = KafkaRace.Run(workload, KafkaPasses, options, duration, ct);
                PrintRates(Console.Out, [inProcess, .. kafka.Lines.Select(line => line.Rate)]);
                Console.Out.WriteLine(Invariant($"in process: {inProcess.EventsPerSecond:N0} events/s on {inProcess.Cores} cores   (target >= 1,000,000: {Verdict(inProcess.EventsPerSecond >= 1e6)})"));
                PrintKafkaCosts(Console.Out, kafka);
                var ratio = kafka.Engine;
                Console.Out.WriteLine(Invariant($"through Kafka: engine / bare consumer = {ratio.Median:F2} (median of {ratio.Rounds} rounds, min {ratio.Min:F2}, max {ratio.Max:F2})   (target >= 0.8: {Verdict(ratio.Median >= 0.8)})"));
                var cpuRatio = kafka.Lines[0].CpuMicrosecondsPerEvent / Math.Max(kafka.Lines[1].CpuMicrosecondsPerEvent, 1e-9);
                Console.Out.WriteLine(Invariant($"through Kafka: events per CPU second, engine / bare consumer = {cpuRatio:F2}   (all measured rounds; the engine's wall-clock ratio can be higher: its detecting thread uses a second core)"));
                var perPartition = kafka.EnginePerPartition;
                Console.Out.WriteLine(Invariant($"through Kafka: detect thread per partition / bare consumer = {perPartition.Median:F2} (median of {perPartition.Rounds} rounds, min {perPartition.Min:F2}, max {perPartition.Max:F2})"));
                var live = new DetectorOptions();
                live.Availability.AllowedLateness = s_liveLateness;
                var latency = PacedLatency.Run(workload, live, parse.GetValue(rate), duration, ct);
                PrintLatency(Console.Out, latency);
                return Task.FromResult(ExitCodes.Ok);
            },
            cancellationToken));
        return command;
    }

    private static Command Sink()
    {
        var timescale = SharedOptions.Timescale();
        var rows = SharedOptions.Positive("--rows", "Connector-minute rollup rows written by each way.", 500_000);
        var batch = SharedOptions.Positive("--batch", "Rows per transaction (Timescale:Sink:MaxBatchRows).", new SinkOptions().MaxBatchRows);
        var command = new Command("sink", "Rollup rows/s through the exactly-once sink against plain multi-row INSERTs of the same rows, in a scratch database on the given server.") { timescale, rows, batch };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(("Timescale:ConnectionString", parse.GetValue(timescale))),
            async (services, ct) =>
            {
                var server = TimescaleSettings.ConnectionString(services)
                    ?? throw new ArgumentException("no database given: pass --timescale or set TELEMETRY_Timescale__ConnectionString.");
                var count = parse.GetValue(rows);
                var batchRows = parse.GetValue(batch);
                var workload = new SinkWorkload(SinkChargers, SinkPorts);
                Console.Error.WriteLine(Invariant($"Writing {count:N0} connector-minute rows ({workload.Chargers:N0} chargers x {workload.PortsPerCharger} ports, {batchRows:N0} rows per transaction) each way into scratch databases …"));
                var figures = await SinkRace.RunAsync(server, workload, count, batchRows, ct).ConfigureAwait(false);
                Console.Out.WriteLine(Invariant($"{"sink",-40} {"rows/s",12} {"s",8} {"B/row",8}"));
                foreach (var figure in figures)
                {
                    Console.Out.WriteLine(Invariant($"{figure.Name,-40} {figure.RowsPerSecond,12:N0} {figure.Elapsed.TotalSeconds,8:F2} {figure.AllocatedBytesPerRow,8:F1}"));
                }

                var plain = figures.Single(f => f.Name == SinkRace.PlainInsert);
                var exactlyOnce = figures.Single(f => f.Name == SinkRace.ExactlyOnce);
                var upkeep = figures.Single(f => f.Name == SinkRace.ExactlyOnceWithUpkeep);
                Console.Out.WriteLine(Invariant($"exactly-once / plain INSERT: {exactlyOnce.RowsPerSecond / plain.RowsPerSecond:F2}x   (with the hour/day upkeep: {upkeep.RowsPerSecond / plain.RowsPerSecond:F2}x)"));
                Console.Out.WriteLine(Invariant($"exactly-once: {exactlyOnce.RowsPerSecond:N0} rows/s   (target >= 150,000: {Verdict(exactlyOnce.RowsPerSecond >= SinkTargetRowsPerSecond)})"));
                var plainParallel = figures.Single(f => f.Name == SinkRace.PlainInsertParallel);
                var parallel = figures.Single(f => f.Name == SinkRace.ExactlyOnceParallel);
                Console.Out.WriteLine(Invariant($"{SinkRace.ParallelPartitions} partitions, exactly-once + hour/day: {parallel.RowsPerSecond:N0} rows/s, {parallel.RowsPerSecond / plainParallel.RowsPerSecond:F2}x plain INSERT on as many connections   (target >= 150,000: {Verdict(parallel.RowsPerSecond >= SinkTargetRowsPerSecond)})"));
                return ExitCodes.Ok;
            },
            cancellationToken));
        return command;
    }

    private static void PrintRates(TextWriter output, IReadOnlyList<RateFigure> figures)
    {
        output.WriteLine(Invariant($"{"loop",-38} {"events/s/core",14} {"ns/event",9} {"B/event",8}"));
        foreach (var figure in figures)
        {
            output.WriteLine(Invariant($"{figure.Name,-38} {figure.EventsPerSecondPerCore,14:N0} {figure.NanosecondsPerEvent,9:F1} {figure.AllocatedBytesPerEvent,8:F2}"));
        }
    }

    private static void PrintKafkaCosts(TextWriter output, KafkaRaceResult race)
    {
        output.WriteLine(Invariant($"{"Kafka line, whole process",-38} {"gen0",6} {"gen1",5} {"gen2",5} {"GC pause ms",12} {"paused %",9} {"busy cores",11} {"CPU µs/ev",10} {"ring full",10} {"full ms",8} {"wake waits",11}"));
        foreach (var line in race.Lines)
        {
            var cost = line.Cost;
            output.WriteLine(Invariant($"{line.Rate.Name,-38} {cost.Gen0,6} {cost.Gen1,5} {cost.Gen2,5} {cost.GcPause.TotalMilliseconds,12:F1} {line.GcPauseShare * 100,9:F2} {line.BusyCores,11:F2} {line.CpuMicrosecondsPerEvent,10:F2} {line.WriterWaits,10:N0} {line.WriterWaitTime.TotalMilliseconds,8:F1} {line.ReaderWakeWaits,11:N0}"));
        }
    }

    private static void PrintLatency(TextWriter output, LatencyFigure figure)
    {
        output.WriteLine(Invariant($"latency run: paced at {figure.TargetRate:N0} events/s (produced {figure.ProducedRate:N0}/s, {figure.Produced:N0} events, {figure.Detected:N0} detected, {figure.LateEvents:N0} late), allowed lateness {figure.AllowedLateness.TotalMilliseconds:F0} ms"));
        output.WriteLine("latency: signal emission wall time - due time (raising event's produce time + allowed lateness; timer pass: its minute boundary of stream time)");
        output.WriteLine(Invariant($"latency: {figure.Signals:N0} signals due in the measured window, p50 {figure.P50Ms:F1} ms, p99 {figure.P99Ms:F1} ms, max {figure.MaxMs:F1} ms   (target p99 < 1000 ms: {Verdict(figure.Signals > 0 && figure.P99Ms < LatencyTargetP99Ms)})"));
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    private static void Print(TextWriter output, IReadOnlyList<ParseFigure> figures)
    {
        output.WriteLine(Invariant($"{"parser",-38} {"records/s",12} {"MB/s",8} {"B/record",9}"));
        foreach (var figure in figures)
        {
            output.WriteLine(Invariant($"{figure.Name,-38} {figure.RecordsPerSecond,12:N0} {figure.MegabytesPerSecond,8:F1} {figure.AllocatedBytesPerRecord,9:F1}"));
        }

        var engine = figures.Single(f => f.Name == ParseRace.Engine);
        var csms = figures.Single(f => f.Name == ParseRace.Csms);
        var tokenise = figures.Single(f => f.Name == ParseRace.Tokenise);
        output.WriteLine(Invariant($"engine / CSMS path:     {engine.RecordsPerSecond / csms.RecordsPerSecond:F2}x   (target >= 8)"));
        output.WriteLine(Invariant($"engine / tokenise only: {engine.RecordsPerSecond / tokenise.RecordsPerSecond:F2}x   (target >= 1)"));
    }

    private static Option<int> Seconds() => SharedOptions.Positive("--seconds", "How long to measure.", 10);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
