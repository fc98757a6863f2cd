namespace Telemetry.Timescale.Migrations;

/// <summary>What a <see cref="MigrationRunner"/> run did.</summary>
/// <param name="Applied">Migrations applied by this run, in order; empty when already up to date.</param>
/// <param name="SchemaVersion">The database's version after the run.</param>
public sealed record MigrationResult(IReadOnlyList<AppliedMigration> Applied, int SchemaVersion);
