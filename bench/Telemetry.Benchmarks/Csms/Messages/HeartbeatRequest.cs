namespace Telemetry.Benchmarks.Csms.Messages;

/// <summary>Heartbeat.req has no fields; a CSMS still materialises it.</summary>
public sealed class HeartbeatRequest;
