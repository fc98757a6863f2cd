namespace Telemetry.Decide.Classification;

/// <summary>Maps an OCPP 1.6 ChargePointErrorCode name (as signals carry it) to a cause.</summary>
public static class ErrorCodeCauses
{
    public static IncidentCause Of(string? errorCode) => errorCode switch
    {
        "ConnectorLockFailure" or "EVCommunicationError" or "GroundFailure" => IncidentCause.Connector,
        "HighTemperature" => IncidentCause.Thermal,
        "InternalError" or "OverCurrentFailure" or "PowerMeterFailure" or "PowerSwitchFailure" or "ReaderFailure" => IncidentCause.Hardware,
        "OverVoltage" or "UnderVoltage" => IncidentCause.Power,
        "LocalListConflict" => IncidentCause.Auth,
        "ResetFailure" => IncidentCause.Firmware,
        "WeakSignal" => IncidentCause.Comms,
        _ => IncidentCause.Unknown,
    };

    /// <summary>
    /// The cause of a status report: its code's, except that a Faulted status without a diagnosis
    /// (2.0.1 Faulted never carries one; 1.6 NoError or OtherError give none) is hardware: the
    /// charger itself declares the connector or cabinet unusable, which no backend rule explains,
    /// so it is a physical fault until a code says which part.
    /// </summary>
    public static IncidentCause OfStatus(string? status, string? errorCode)
    {
        var cause = Of(errorCode);
        var undiagnosed = errorCode is null or "NoError" or "OtherError";
        return cause == IncidentCause.Unknown && undiagnosed && status == "Faulted" ? IncidentCause.Hardware : cause;
    }

    /// <summary>True for the codes that mean a part needs a technician, not a restart.</summary>
    public static bool IsPhysical(IncidentCause cause) =>
        cause is IncidentCause.Connector or IncidentCause.Hardware or IncidentCause.Thermal or IncidentCause.Power;
}
