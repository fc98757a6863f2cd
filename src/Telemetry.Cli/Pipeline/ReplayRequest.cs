namespace Telemetry.Cli.Pipeline;

/// <summary>One replay of a capture through the pipeline.</summary>
/// <param name="CapturePath">Capture file: a tap stream (JSON Lines) or a CSV log export.</param>
/// <param name="Format">Which of the two the capture is.</param>
/// <param name="InventoryPath">Inventory CSV naming each charger's site, if any.</param>
/// <param name="OutDirectory">Where signals.jsonl, uptime.csv, outages.csv, deadletter.jsonl and rollups/ go.</param>
/// <param name="TimescaleConnection">PostgreSQL/TimescaleDB connection string; rollups also go there when set.</param>
internal sealed record ReplayRequest(string CapturePath, CaptureFormat Format, string? InventoryPath, string OutDirectory, string? TimescaleConnection);
