using System.Diagnostics;
using Telemetry.Engine.Availability;
using Telemetry.Timescale.Sink;

namespace Telemetry.Bench.Sink;

/// <summary>
/// The sink figures of issue 6: the same connector-minute rows written through the plain
/// multi-row INSERT baseline and through the exactly-once sink (COPY into staging, merge,
/// offsets, one transaction per batch), each into emptied tables of a scratch database, in one
/// run. The sink is measured twice: without the hour/day recompute (as on TimescaleDB, where
/// continuous aggregates keep those) and with it (plain PostgreSQL).
/// </summary>
public static class SinkRace
{
    public const string PlainInsert = "plain multi-row INSERT (baseline)";
    public const string ExactlyOnce = "exactly-once (COPY + merge + offsets)";
    public const string ExactlyOnceWithRecompute = "exactly-once + hour/day recompute";
    public const string PlainInsertParallel = "plain INSERT, 2 connections (baseline)";
    public const string ExactlyOnceParallel = "exactly-once + hour/day, 2 partitions";

    /// <summary>Partitions (and connections) of the parallel figures: one per core of a 2-core run.</summary>
    public const int ParallelPartitions = 2;

    private const string Topic = "bench.rollups";
    private const string Group = "bench";

    // Emptied between figures, so each starts from the same state; views (continuous
    // aggregates) are skipped, TRUNCATE does not apply to them. The watermarks too: left at the
    // previous figure's last hour, they make every minute of the next figure a rewrite of a
    // closed hour, recomputed in every batch.
    private const string EmptySql = """
        DO $$
        DECLARE
            name text;
        BEGIN
            FOREACH name IN ARRAY ARRAY['connector_minute', 'charger_minute', 'consumer_offsets',
                                        'connector_hour', 'connector_day', 'charger_hour', 'charger_day',
                                        'rollup_watermarks']
            LOOP
                IF (SELECT relkind FROM pg_class WHERE oid = to_regclass(name)) IN ('r', 'p') THEN
                    EXECUTE format('TRUNCATE %I', name);
                END IF;
            END LOOP;
        END
        $$
        """;

    /// <summary>
    /// Baseline, then the sink without and with the recompute, each in a scratch database of its
    /// own on <paramref name="server"/>; a one-batch warm-up before each figure. Then the same
    /// rows split by charger into <see cref="ParallelPartitions"/> partitions, each written on a
    /// connection of its own at once (as the engine's partition workers do): the baseline, and
    /// the sink with the recompute, each partition's transactions carrying its own offsets.
    /// </summary>
    public static async Task<IReadOnlyList<SinkFigure>> RunAsync(string server, SinkWorkload workload, int rows, int batchRows, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(server);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        var all = new ConnectorRollup[rows];
        workload.Fill(0, all);
        var options = new SinkOptions { MaxBatchRows = batchRows };
        var warmUp = all.AsMemory(0, Math.Min(rows, batchRows));
        var figures = new List<SinkFigure>(3);

        var core = await ScratchDatabase.CreateAsync(server, cancellationToken).ConfigureAwait(false);
        await using (core.ConfigureAwait(false))
        {
            await core.SkipHourDayRecomputeAsync(cancellationToken).ConfigureAwait(false);
            await PrepareAsync(core, workload, rows, cancellationToken).ConfigureAwait(false);
            var plain = new PlainInsertWriter(core.DataSource, workload.NameOf);
            await plain.WriteAsync(warmUp, cancellationToken).ConfigureAwait(false);
            await EmptyAsync(core, cancellationToken).ConfigureAwait(false);
            figures.Add(await MeasureAsync(PlainInsert, rows, () => WritePlainAsync(plain, all, batchRows, cancellationToken)).ConfigureAwait(false));
            await EmptyAsync(core, cancellationToken).ConfigureAwait(false);
            figures.Add(await MeasureSinkAsync(core, ExactlyOnce, workload, options, all, warmUp, cancellationToken).ConfigureAwait(false));
        }

        var recompute = await ScratchDatabase.CreateAsync(server, cancellationToken).ConfigureAwait(false);
        await using (recompute.ConfigureAwait(false))
        {
            await PrepareAsync(recompute, workload, rows, cancellationToken).ConfigureAwait(false);
            figures.Add(await MeasureSinkAsync(recompute, ExactlyOnceWithRecompute, workload, options, all, warmUp, cancellationToken).ConfigureAwait(false));
            var parts = SplitByCharger(all, ParallelPartitions);
            var plain = new PlainInsertWriter(recompute.DataSource, workload.NameOf);
            await EmptyAsync(recompute, cancellationToken).ConfigureAwait(false);
            figures.Add(await MeasureAsync(PlainInsertParallel, rows, () => Task.WhenAll(
                parts.Select(part => WritePlainAsync(plain, part, batchRows, cancellationToken)))).ConfigureAwait(false));
            await EmptyAsync(recompute, cancellationToken).ConfigureAwait(false);
            var sinks = parts.Select(_ => CreateSink(recompute, workload, options)).ToArray();
            figures.Add(await MeasureAsync(ExactlyOnceParallel, rows, () => Task.WhenAll(
                parts.Select((part, partition) => WriteExactlyOnceAsync(sinks[partition], options, part, partition, cancellationToken)))).ConfigureAwait(false));
        }

        return figures;
    }

    /// <summary>Creates the day partitions the rows need: the baseline does not create them itself.</summary>
    public static Task PrepareAsync(ScratchDatabase database, SinkWorkload workload, int rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(workload);
        return database.EnsurePartitionsAsync("connector_minute", workload.MinuteOf(0), workload.MinuteOf(rows - 1), cancellationToken);
    }

    /// <summary>Empties the minute, hour/day and offset tables.</summary>
    public static Task EmptyAsync(ScratchDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.ExecuteAsync(EmptySql, cancellationToken);
    }

    /// <summary>Every batch of <paramref name="rows"/> through the baseline, one transaction each.</summary>
    public static async Task WritePlainAsync(PlainInsertWriter writer, ReadOnlyMemory<ConnectorRollup> rows, int batchRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        for (var start = 0; start < rows.Length; start += batchRows)
        {
            await writer.WriteAsync(rows.Slice(start, Math.Min(batchRows, rows.Length - start)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every batch of <paramref name="rows"/> through the sink, each with the next offset of <paramref name="partition"/>.</summary>
    public static async Task WriteExactlyOnceAsync(ExactlyOnceSink sink, SinkOptions options, ReadOnlyMemory<ConnectorRollup> rows, int partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        var batch = new SinkBatch();
        for (var start = 0; start < rows.Length; start += options.MaxBatchRows)
        {
            var end = Math.Min(start + options.MaxBatchRows, rows.Length);
            batch.ConnectorRollups.Clear();
            batch.ConnectorRollups.AddRange(rows.Span[start..end]);
            batch.AdvanceOffset(Topic, partition, end);
            await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The rows of each partition, in their order: a charger's rows all go to partition
    /// charger mod <paramref name="partitions"/>, as a topic keyed by charger spreads them.
    /// </summary>
    public static ConnectorRollup[][] SplitByCharger(ReadOnlySpan<ConnectorRollup> rows, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var parts = new List<ConnectorRollup>[partitions];
        for (var p = 0; p < partitions; p++)
        {
            parts[p] = new List<ConnectorRollup>((rows.Length / partitions) + 1);
        }

        foreach (var row in rows)
        {
            parts[row.Charger % partitions].Add(row);
        }

        return [.. parts.Select(p => p.ToArray())];
    }

    /// <summary>A sink for the bench's group on <paramref name="database"/>.</summary>
    public static ExactlyOnceSink CreateSink(ScratchDatabase database, SinkWorkload workload, SinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(workload);
        return new ExactlyOnceSink(database.DataSource, Group, workload.NameOf, options);
    }

    private static async Task<SinkFigure> MeasureSinkAsync(
        ScratchDatabase database, string name, SinkWorkload workload, SinkOptions options, ConnectorRollup[] all, ReadOnlyMemory<ConnectorRollup> warmUp, CancellationToken cancellationToken)
    {
        var sink = CreateSink(database, workload, options);
        await WriteExactlyOnceAsync(sink, options, warmUp, 0, cancellationToken).ConfigureAwait(false);
        await EmptyAsync(database, cancellationToken).ConfigureAwait(false);
        return await MeasureAsync(name, all.Length, () => WriteExactlyOnceAsync(sink, options, all, 0, cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<SinkFigure> MeasureAsync(string name, long rows, Func<Task> write)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await write().ConfigureAwait(false);
        clock.Stop();
        return new SinkFigure(name, rows, GC.GetTotalAllocatedBytes(precise: true) - allocated, clock.Elapsed);
    }
}
