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

    /// <summary>True for the codes that mean a part needs a technician, not a restart.</summary>
    public static bool IsPhysical(IncidentCause cause) =>
        cause is IncidentCause.Connector or IncidentCause.Hardware or IncidentCause.Thermal or IncidentCause.Power;
}
