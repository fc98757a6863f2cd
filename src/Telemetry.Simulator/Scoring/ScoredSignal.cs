namespace Telemetry.Simulator.Scoring;

/// <summary>One raised signal of signals.jsonl, with the time it cleared when a clear followed.</summary>
/// <param name="Scope">connector, charger, site or fleet.</param>
/// <param name="ClearedMs">When the same signal (type, charger, connector) cleared; null while it stays raised.</param>
public sealed record ScoredSignal(string Type, string ChargePoint, int? Port, string? Site, string Scope, long RaisedMs, long? ClearedMs)
{
    /// <summary>True for a signal that speaks for several chargers at once (a site or fleet incident).</summary>
    public bool IsWide => Scope is "site" or "fleet";
}
