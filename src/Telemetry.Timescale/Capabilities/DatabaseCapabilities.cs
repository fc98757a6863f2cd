using Npgsql;

namespace Telemetry.Timescale.Capabilities;

/// <summary>
/// What the connected database offers the storage layer: the PostgreSQL version and whether
/// TimescaleDB is installed, under which licence, or could be installed.
/// </summary>
/// <param name="ServerVersion">As the server reports it, e.g. <c>15.14 (Debian 15.14-0+deb12u1)</c>.</param>
/// <param name="ServerVersionNumber">The server's <c>server_version_num</c>, e.g. 150014.</param>
/// <param name="TimescaleVersion">The installed timescaledb extension's version in this database; null when not installed.</param>
/// <param name="TimescaleLicense">The <c>timescaledb.license</c> setting; null when the server does not know the setting.</param>
/// <param name="TimescaleInstallable">
/// The extension is available and preloaded, so <c>CREATE EXTENSION timescaledb</c> would succeed
/// (a server that does not preload it refuses to create it).
/// </param>
public sealed record DatabaseCapabilities(
    string ServerVersion,
    int ServerVersionNumber,
    string? TimescaleVersion,
    string? TimescaleLicense,
    bool TimescaleInstallable)
{
    /// <summary>The licence value under which TimescaleDB offers its Community features.</summary>
    public const string CommunityLicense = "timescale";

    // current_setting(..., true) yields NULL for a setting the server does not know, which is
    // how a server without the TimescaleDB library answers.
    private const string ProbeSql = """
        SELECT current_setting('server_version'),
               current_setting('server_version_num')::integer,
               (SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'),
               current_setting('timescaledb.license', true),
               EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb')
                   AND current_setting('shared_preload_libraries') LIKE '%timescaledb%'
        """;

    /// <summary>The timescaledb extension is installed in this database.</summary>
    public bool HasTimescale => TimescaleVersion is not null;

    /// <summary>
    /// Continuous aggregates, compression (columnstore) and retention policies are usable: they
    /// need the Community licence, which the Apache-2 only build lacks.
    /// </summary>
    public bool HasCommunityFeatures =>
        HasTimescale && string.Equals(TimescaleLicense, CommunityLicense, StringComparison.Ordinal);

    /// <summary>The server's major version, e.g. 15 or 17.</summary>
    public int ServerMajorVersion => ServerVersionNumber / 10_000;

    /// <summary>Asks the database behind <paramref name="dataSource"/> what it offers.</summary>
    public static async Task<DatabaseCapabilities> ProbeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var command = dataSource.CreateCommand(ProbeSql);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new DatabaseCapabilities(
                    reader.GetString(0),
                    reader.GetInt32(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.GetBoolean(4));
            }
        }
    }
}
