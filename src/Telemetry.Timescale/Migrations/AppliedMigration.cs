namespace Telemetry.Timescale.Migrations;

/// <summary>A migration that a <see cref="MigrationRunner"/> run applied.</summary>
public readonly record struct AppliedMigration(int Version, string Name);
