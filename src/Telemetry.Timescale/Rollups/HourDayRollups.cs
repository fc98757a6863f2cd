using Npgsql;
using NpgsqlTypes;

namespace Telemetry.Timescale.Rollups;

/// <summary>
/// Keeps the hour and day rollups in step with the minutes, through the migrations'
/// <c>telemetry_refresh_rollups</c> (a no-op where continuous aggregates do it).
/// </summary>
internal static class HourDayRollups
{
    private const string RefreshSql = "SELECT telemetry_refresh_rollups($1, $2, $3)";

    /// <summary>
    /// Recomputes, inside <paramref name="transaction"/>, the hours and days that minutes
    /// <paramref name="firstMs"/>..<paramref name="lastMs"/> touch, for <paramref name="chargers"/> only.
    /// </summary>
    public static async Task RefreshAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long firstMs, long lastMs, string[] chargers, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(RefreshSql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(firstMs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(lastMs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = chargers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
