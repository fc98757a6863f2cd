using System.Diagnostics;
using Telemetry.Engine.Availability;
using Telemetry.Timescale.Sink;

namespace Telemetry.Bench.Sink;

/// <summary>
/// The sink figures of issue 6: the same connector-minute rows written through the exactly-once
/// sink (COPY into staging, merge, offsets, one transaction per batch) and through the plain
/// multi-row INSERT baseline, each into emptied tables of one scratch database, in one run.
/// </summary>
public static class SinkRace
{
    public const string ExactlyOnce = "exactly-once (COPY + merge + offsets)";
    public const string PlainInsert = "plain multi-row INSERT (baseline)";

    private const string Topic = "bench.rollups";
    private const string Group = "bench";

    // Emptied between figures, so each starts from the same state; views (continuous
    // aggregates) are skipped, TRUNCATE does not apply to them.
    private const string EmptySql = """
        DO $$
        DECLARE
            name text;
        BEGIN
            FOREACH name IN ARRAY ARRAY['connector_minute', 'charger_minute', 'consumer_offsets',
                                        'connector_hour', 'connector_day', 'charger_hour', 'charger_day']
            LOOP
                IF (SELECT relkind FROM pg_class WHERE oid = to_regclass(name)) IN ('r', 'p') THEN
                    EXECUTE format('TRUNCATE %I', name);
                END IF;
            END LOOP;
        END
        $$
        """;

    /// <summary>Baseline first, then the exactly-once sink; a one-batch warm-up of each before.</summary>
    public static async Task<IReadOnlyList<SinkFigure>> RunAsync(ScratchDatabase database, SinkWorkload workload, int rows, int batchRows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        var all = new ConnectorRollup[rows];
        workload.Fill(0, all);
        var options = new SinkOptions { MaxBatchRows = batchRows };
        var sink = new ExactlyOnceSink(database.DataSource, Group, workload.NameOf, options);
        var plain = new PlainInsertWriter(database.DataSource, workload.NameOf);

        var warmUp = all.AsMemory(0, Math.Min(rows, batchRows));
        await plain.WriteAsync(warmUp, cancellationToken).ConfigureAwait(false);
        await database.ExecuteAsync(EmptySql, cancellationToken).ConfigureAwait(false);
        await WriteExactlyOnceAsync(sink, options, warmUp, cancellationToken).ConfigureAwait(false);
        await database.ExecuteAsync(EmptySql, cancellationToken).ConfigureAwait(false);

        var baseline = await MeasureAsync(PlainInsert, rows, async () =>
        {
            for (var start = 0; start < rows; start += batchRows)
            {
                await plain.WriteAsync(all.AsMemory(start, Math.Min(batchRows, rows - start)), cancellationToken).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        await database.ExecuteAsync(EmptySql, cancellationToken).ConfigureAwait(false);

        var exactlyOnce = await MeasureAsync(ExactlyOnce, rows, () => WriteExactlyOnceAsync(sink, options, all, cancellationToken)).ConfigureAwait(false);
        await database.ExecuteAsync(EmptySql, cancellationToken).ConfigureAwait(false);
        return [baseline, exactlyOnce];
    }

    /// <summary>Every batch of <paramref name="rows"/> through the sink, each with the next offset of one partition.</summary>
    public static async Task WriteExactlyOnceAsync(ExactlyOnceSink sink, SinkOptions options, ReadOnlyMemory<ConnectorRollup> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        var batch = new SinkBatch();
        for (var start = 0; start < rows.Length; start += options.MaxBatchRows)
        {
            var end = Math.Min(start + options.MaxBatchRows, rows.Length);
            batch.ConnectorRollups.Clear();
            batch.ConnectorRollups.AddRange(rows.Span[start..end]);
            batch.AdvanceOffset(Topic, 0, end);
            await sink.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
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
