namespace Telemetry.Engine.Inventory;

/// <summary>What the operator's inventory says about one charger (DESIGN §2.3 inventory CSV).</summary>
/// <remarks><see cref="RatedKw"/> is the charger's nameplate output power, which the derating detector compares delivered power with.</remarks>
public sealed record ChargerInfo(
    string ChargePoint,
    string Site,
    string? Vendor = null,
    string? Model = null,
    string? Firmware = null,
    int? Connectors = null,
    DateTimeOffset? Commissioned = null,
    DateTimeOffset? Decommissioned = null,
    double? RatedKw = null);
