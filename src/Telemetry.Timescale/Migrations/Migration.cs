namespace Telemetry.Timescale.Migrations;

/// <summary>One schema step: the SQL of <c>schemas/timescale/NNN_name.sql</c>.</summary>
/// <param name="Version">The file's NNN prefix; migrations apply in ascending order.</param>
/// <param name="Name">The file name after the prefix, without <c>.sql</c>.</param>
public sealed record Migration(int Version, string Name, string Sql);
