using Npgsql;
using NpgsqlTypes;

namespace Telemetry.Timescale.Sink.Staging;

/// <summary>Charging sessions into <c>sessions</c>; a session written running and later ended is one row.</summary>
internal sealed class SessionStaging : StagedTable<ChargingSession>
{
    protected override string CreateStagingSql => """
        CREATE TEMPORARY TABLE sessions_stage (
            seq integer NOT NULL, session_id text NOT NULL, cp text NOT NULL, port smallint NOT NULL,
            start_time timestamptz NOT NULL, end_time timestamptz, energy_kwh double precision, peak_kw double precision,
            stop_reason text, auth_status text, auth_method text, error_codes text[] NOT NULL, successful boolean
        ) ON COMMIT DROP
        """;

    protected override string CopySql => """
        COPY sessions_stage (seq, session_id, cp, port, start_time, end_time, energy_kwh, peak_kw,
                             stop_reason, auth_status, auth_method, error_codes, successful) FROM STDIN (FORMAT BINARY)
        """;

    protected override string MergeSql => """
        INSERT INTO sessions AS t (session_id, cp, port, start_time, end_time, energy_kwh, peak_kw,
                                   stop_reason, auth_status, auth_method, error_codes, successful)
        SELECT DISTINCT ON (cp, session_id, start_time)
               session_id, cp, port, start_time, end_time, energy_kwh, peak_kw,
               stop_reason, auth_status, auth_method, error_codes, successful
        FROM sessions_stage ORDER BY cp, session_id, start_time, seq DESC
        ON CONFLICT (cp, session_id, start_time) DO UPDATE
        SET port = EXCLUDED.port, end_time = EXCLUDED.end_time, energy_kwh = EXCLUDED.energy_kwh,
            peak_kw = EXCLUDED.peak_kw, stop_reason = EXCLUDED.stop_reason, auth_status = EXCLUDED.auth_status,
            auth_method = EXCLUDED.auth_method, error_codes = EXCLUDED.error_codes, successful = EXCLUDED.successful
        WHERE (t.port, t.end_time, t.energy_kwh, t.peak_kw, t.stop_reason, t.auth_status, t.auth_method, t.error_codes, t.successful)
              IS DISTINCT FROM (EXCLUDED.port, EXCLUDED.end_time, EXCLUDED.energy_kwh, EXCLUDED.peak_kw, EXCLUDED.stop_reason,
                                EXCLUDED.auth_status, EXCLUDED.auth_method, EXCLUDED.error_codes, EXCLUDED.successful)
        """;

    protected override async Task WriteColumnsAsync(NpgsqlBinaryImporter importer, ChargingSession row, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(row.SessionId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.ChargePoint, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync((short)row.Port, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(row.StartMs), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.EndMs is { } end ? DateTimeOffset.FromUnixTimeMilliseconds(end) : (DateTimeOffset?)null, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.EnergyKwh, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.PeakKw, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.StopReason, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.AuthStatus, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.AuthMethod, cancellationToken).ConfigureAwait(false);
        // Npgsql writes arrays and lists, not read-only lists.
        var errorCodes = row.ErrorCodes as string[] ?? [.. row.ErrorCodes];
        await importer.WriteAsync(errorCodes, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await WriteOrNullAsync(importer, row.Successful, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
    }
}
