using Telemetry.Engine.Availability;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Uptime;

namespace Telemetry.Cli.Pipeline;

/// <summary>What a replay produced and how long it took.</summary>
internal sealed record ReplayResult(
    long Records,
    long Ingested,
    long Rejected,
    long Processed,
    long Late,
    long Rollups,
    long DatabaseRows,
    long FirstTimestampMs,
    long LastTimestampMs,
    IReadOnlyList<Signal> Signals,
    IReadOnlyList<Outage> Outages,
    IReadOnlyList<PortUptime> Uptime,
    FleetInventory Inventory,
    ReplayDecisions Decisions,
    TimeSpan Elapsed);
