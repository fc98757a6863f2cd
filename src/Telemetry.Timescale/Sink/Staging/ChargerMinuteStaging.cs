using Npgsql;
using NpgsqlTypes;
using Telemetry.Engine.Rollups;

namespace Telemetry.Timescale.Sink.Staging;

/// <summary>Charger rollups into <c>charger_minute</c>, time split, activity and health (005_minute_activity.sql).</summary>
internal sealed class ChargerMinuteStaging(Func<int, string> chargerName) : StagedTable<ChargerMinute>
{
    private const string Values = "up_ms, down_ms, offline_ms, unknown_ms, excluded_ms, status_changes, sessions_started, sessions_succeeded, "
        + "sessions_failed, energy_wh, peak_power_w, alarms_raised, boots_planned, boots_unplanned, disconnects, unanswered_calls, health";

    protected override string CreateStagingSql => """
        CREATE TEMPORARY TABLE charger_minute_stage (
            seq integer NOT NULL, minute timestamptz NOT NULL, cp text NOT NULL,
            up_ms integer NOT NULL, down_ms integer NOT NULL, offline_ms integer NOT NULL, unknown_ms integer NOT NULL,
            excluded_ms integer NOT NULL, status_changes integer NOT NULL, sessions_started integer NOT NULL,
            sessions_succeeded integer NOT NULL, sessions_failed integer NOT NULL, energy_wh integer NOT NULL,
            peak_power_w integer NOT NULL, alarms_raised integer NOT NULL, boots_planned integer NOT NULL,
            boots_unplanned integer NOT NULL, disconnects integer NOT NULL, unanswered_calls integer NOT NULL, health smallint NOT NULL
        ) ON COMMIT DROP
        """;

    protected override string CopySql =>
        $"COPY charger_minute_stage (seq, minute, cp, {Values}) FROM STDIN (FORMAT BINARY)";

    protected override string DirectCopySql =>
        $"COPY charger_minute (minute, cp, {Values}) FROM STDIN (FORMAT BINARY)";

    protected override string MergeSql => $"""
        INSERT INTO charger_minute AS t (minute, cp, {Values})
        SELECT DISTINCT ON (minute, cp) minute, cp, {Values}
        FROM charger_minute_stage ORDER BY minute, cp, seq DESC
        ON CONFLICT (cp, minute) DO UPDATE
        SET up_ms = EXCLUDED.up_ms, down_ms = EXCLUDED.down_ms, offline_ms = EXCLUDED.offline_ms, unknown_ms = EXCLUDED.unknown_ms,
            excluded_ms = EXCLUDED.excluded_ms, status_changes = EXCLUDED.status_changes, sessions_started = EXCLUDED.sessions_started,
            sessions_succeeded = EXCLUDED.sessions_succeeded, sessions_failed = EXCLUDED.sessions_failed, energy_wh = EXCLUDED.energy_wh,
            peak_power_w = EXCLUDED.peak_power_w, alarms_raised = EXCLUDED.alarms_raised, boots_planned = EXCLUDED.boots_planned,
            boots_unplanned = EXCLUDED.boots_unplanned, disconnects = EXCLUDED.disconnects, unanswered_calls = EXCLUDED.unanswered_calls,
            health = EXCLUDED.health
        WHERE (t.{Values.Replace(", ", ", t.", StringComparison.Ordinal)})
              IS DISTINCT FROM (EXCLUDED.{Values.Replace(", ", ", EXCLUDED.", StringComparison.Ordinal)})
        """;

    protected override async Task WriteColumnsAsync(NpgsqlBinaryImporter importer, ChargerMinute row, CancellationToken cancellationToken)
    {
        await importer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(row.MinuteStartMs), NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(chargerName(row.Charger), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.UpMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.DownMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.OfflineMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.UnknownMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.ExcludedMs, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.StatusChanges, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.SessionsStarted, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.SessionsSucceeded, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.SessionsFailed, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.EnergyWh, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.PeakPowerW, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.AlarmsRaised, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.BootsPlanned, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.BootsUnplanned, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.Disconnects, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync(row.UnansweredCalls, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await importer.WriteAsync((short)row.Health, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
    }
}
