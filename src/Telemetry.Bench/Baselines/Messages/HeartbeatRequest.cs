namespace Telemetry.Bench.Baselines.Messages;

/// <summary>Heartbeat.req has no fields; a CSMS still materialises it.</summary>
public sealed class HeartbeatRequest;
