using Npgsql;

namespace Telemetry.Timescale;

/// <summary>Runs parameterless statements inside a transaction.</summary>
internal static class SqlCommands
{
    /// <returns>Rows affected, as PostgreSQL reports them.</returns>
    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
