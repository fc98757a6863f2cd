namespace Telemetry.Cli.Pipeline;

/// <summary>One replay of a capture through the pipeline.</summary>
/// <param name="CapturePath">Tap capture (JSON Lines), or <c>-</c> for standard input.</param>
/// <param name="InventoryPath">Inventory CSV naming each charger's site, if any.</param>
/// <param name="OutDirectory">Where signals.jsonl, uptime.csv, outages.csv, deadletter.jsonl and rollups/ go.</param>
/// <param name="TimescaleConnection">PostgreSQL/TimescaleDB connection string; rollups also go there when set.</param>
internal sealed record ReplayRequest(string CapturePath, string? InventoryPath, string OutDirectory, string? TimescaleConnection);
