using Npgsql;
using NpgsqlTypes;

namespace Telemetry.Timescale.Partitions;

/// <summary>
/// Creates the daily partitions a write needs before it is made, through the migrations'
/// <c>telemetry_ensure_partitions</c>; a no-op on hypertables.
/// </summary>
internal static class DayPartitions
{
    public const string ConnectorMinute = "connector_minute";
    public const string ChargerMinute = "charger_minute";

    private const long DayMs = 86_400_000;
    private const string EnsureSql = "SELECT telemetry_ensure_partitions($1::regclass, $2, $3)";

    /// <summary>Ensures partitions of <paramref name="table"/> for the UTC days from <paramref name="fromMs"/> to <paramref name="toMs"/> plus <paramref name="daysAhead"/>.</summary>
    public static async Task EnsureAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string table, long fromMs, long toMs, int daysAhead, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(EnsureSql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = table, NpgsqlDbType = NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(fromMs), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = DateTimeOffset.FromUnixTimeMilliseconds(toMs + (daysAhead * DayMs)), NpgsqlDbType = NpgsqlDbType.TimestampTz });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
