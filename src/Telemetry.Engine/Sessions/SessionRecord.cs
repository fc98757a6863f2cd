using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Sessions;

/// <summary>
/// One ended charging session: the session fields of 23 CFR 680.112 (start, end, energy, peak
/// power, how it ended, errors during it) with the transaction's identity.
/// </summary>
/// <param name="Charger">Interned charge point id.</param>
/// <param name="Port">1.6 connectorId or 2.0.1 evseId.</param>
/// <param name="TransactionId">The 1.6 transactionId from the StartTransaction answer; 0 on 2.0.1 or when the answer was not seen.</param>
/// <param name="TransactionText">The 2.0.1 transactionId, interned (see <see cref="TextCodeRegistry"/>); 0 on 1.6.</param>
/// <param name="EnergyWh">Energy delivered (last register minus first); -1 when no reading was seen.</param>
/// <param name="PeakPowerW">Highest Power.Active.Import reading; when none was sent, the highest average power between two energy readings (a lower bound); -1 when neither.</param>
/// <param name="AuthStatus">The CSMS's verdict on the driver: the StartTransaction answer (1.6) or the Authorize answer bound to the attempt; None when not seen.</param>
/// <param name="Errors">ChargePointErrorCodes the port or the whole charger reported during the session.</param>
/// <param name="Offline">Part of the session was reported late, queued while the charger had no connection (2.0.1 <c>offline</c>): times are when the CSMS saw the messages.</param>
public readonly record struct SessionRecord(
    int Charger,
    ushort Port,
    OcppVersion Version,
    int TransactionId,
    ushort TransactionText,
    long StartMs,
    long EndMs,
    long EnergyWh,
    int PeakPowerW,
    StopReason StopReason,
    AuthorizationStatus AuthStatus,
    ErrorCodeSet Errors,
    bool Offline,
    SessionOutcome Outcome)
{
    /// <summary>The driver got a charge: the 680.112 "successful" flag.</summary>
    public bool Successful => Outcome == SessionOutcome.Succeeded;
}
