using Npgsql;
using NpgsqlTypes;
using Telemetry.Engine.Availability;

namespace Telemetry.Timescale.Sink.Staging;

/// <summary>Outages into <c>outages</c>; an outage written open and later closed is one row.</summary>
internal sealed class OutageStaging : StagedTable<Outage>
{
    protected override string CreateStagingSql => """
        CREATE TEMPORARY TABLE outages_stage (
            seq integer NOT NULL, cp text NOT NULL, port smallint NOT NULL,
            start_time timestamptz NOT NULL, end_time timestamptz, cause text NOT NULL
        ) ON COMMIT DROP
        """;

    protected override string CopySql =>
        "COPY outages_stage (seq, cp, port, start_time, end_time, cause) FROM STDIN (FORMAT BINARY)";

    protected override string MergeSql => """
        INSERT INTO outages AS t (cp, port, start_time, end_time, cause)
        SELECT DISTINCT ON (cp, port, start_time) cp, port, start_time, end_time, cause
        FROM outages_stage ORDER BY cp, port, start_time, seq DESC
        ON CONFLICT (cp, port, start_time) DO UPDATE
        SET end_time = EXCLUDED.end_time, cause = EXCLUDED.cause
        WHERE (t.end_time, t.cause) IS DISTINCT FROM (EXCLUDED.end_time, EXCLUDED.cause)
        """;

    protected override async Task WriteColumnsAsync(NpgsqlBinaryImporter importer, Outage row, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(row.ChargePoint, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync((short)row.Port, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(row.StartMs), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : (DateTimeOffset?)null, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.Cause, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
    }
}
