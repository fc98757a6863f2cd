namespace Telemetry.Timescale.Migrations;

/// <summary>
/// The database was migrated by a newer build than this one. Running older code against a newer
/// schema could write rows the newer code does not expect, so the runner refuses.
/// </summary>
public sealed class SchemaVersionAheadException : Exception
{
    public SchemaVersionAheadException()
    {
    }

    public SchemaVersionAheadException(string message)
        : base(message)
    {
    }

    public SchemaVersionAheadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SchemaVersionAheadException(int databaseVersion, int knownVersion)
        : base($"The database schema is at version {databaseVersion}, but this build knows migrations up to version {knownVersion} only. Upgrade telemetry before using this database.")
    {
        DatabaseVersion = databaseVersion;
        KnownVersion = knownVersion;
    }

    public int DatabaseVersion { get; }

    public int KnownVersion { get; }
}
