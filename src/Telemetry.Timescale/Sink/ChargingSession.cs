namespace Telemetry.Timescale.Sink;

/// <summary>One charging session with the fields 23 CFR 680.112(c) asks for; unknown values are null.</summary>
/// <param name="SessionId">The charger's own id of the session (OCPP transactionId), unique per charger.</param>
/// <param name="Port">Connector (1.6) or EVSE (2.0.1) it ran on.</param>
/// <param name="EndMs">Unix ms UTC; null while the session runs.</param>
/// <param name="ErrorCodes">Error codes seen during an unsuccessful session; empty otherwise.</param>
public sealed record ChargingSession(
    string SessionId,
    string ChargePoint,
    ushort Port,
    long StartMs,
    long? EndMs,
    double? EnergyKwh,
    double? PeakKw,
    string? StopReason,
    string? AuthStatus,
    string? AuthMethod,
    IReadOnlyList<string> ErrorCodes,
    bool? Successful);
