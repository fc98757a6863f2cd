using Npgsql;
using NpgsqlTypes;

namespace Telemetry.Timescale.Rollups;

/// <summary>
/// Keeps the hour and day rollups in step with the minutes, through the migrations'
/// <c>telemetry_keep_rollups</c> (007; a no-op where continuous aggregates do it): hours are
/// computed once, when a charger's newest minute leaves them behind, and recomputed only when
/// minutes are written into them again.
/// </summary>
internal sealed class HourDayRollups
{
    private const long HourMs = 3_600_000;
    private const string KeepSql = "SELECT telemetry_keep_rollups($1, $2)";

    // When each pair's hour is its charger's watermark (the batch wrote only into its chargers'
    // open hours, as most batches do), telemetry_keep_rollups would close nothing, recompute
    // nothing and move no watermark: it would only lock the chargers' watermark rows. Those locks
    // make a concurrent writer of the same charger wait; a caller whose writers are serialized
    // otherwise (the sink holding its partitions' offset rows) skips the call after this
    // lock-free look at the watermarks.
    private const string KeepUnlessOpenSql = """
        SELECT telemetry_keep_rollups($1, $2)
        WHERE EXISTS (
            SELECT FROM unnest($1, $2) AS t(cp, hour)
            LEFT JOIN rollup_watermarks w USING (cp)
            WHERE w.closed_until IS DISTINCT FROM t.hour)
        """;

    // Reused between batches of one writer: a batch of a large fleet touches thousands of pairs.
    private readonly HashSet<(int Charger, long HourMs)> _touched = [];

    /// <summary>Notes that <paramref name="charger"/> wrote the minute starting at <paramref name="minuteStartMs"/>.</summary>
    public void Touch(int charger, long minuteStartMs) =>
        _touched.Add((charger, minuteStartMs - (((minuteStartMs % HourMs) + HourMs) % HourMs)));

    /// <summary>
    /// Closes, inside <paramref name="transaction"/>, the hours and days the noted chargers'
    /// watermarks pass and recomputes closed ones written again; forgets the noted pairs.
    /// </summary>
    /// <param name="serialized">
    /// No other transaction can write the noted chargers' minutes until this one ends (the sink
    /// holds the offset rows of the partitions that carry them): the upkeep is then skipped
    /// without locking anything when every noted hour is its charger's open hour.
    /// </param>
    public async Task KeepAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Func<int, string> chargerName, bool serialized, CancellationToken cancellationToken)
    {
        if (_touched.Count == 0)
        {
            return;
        }

        var chargers = new string[_touched.Count];
        var hours = new DateTimeOffset[_touched.Count];
        var i = 0;
        foreach (var (charger, hourMs) in _touched)
        {
            chargers[i] = chargerName(charger);
            hours[i++] = DateTimeOffset.FromUnixTimeMilliseconds(hourMs);
        }

        // A failed try must not leave its pairs to the next batch.
        _touched.Clear();
        var command = new NpgsqlCommand(serialized ? KeepUnlessOpenSql : KeepSql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = chargers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = hours, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
