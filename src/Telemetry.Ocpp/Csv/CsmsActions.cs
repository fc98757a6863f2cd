namespace Telemetry.Ocpp.Csv;

/// <summary>
/// The OCPP actions whose CALL the CSMS sends (OCPP 1.6 §5 "Operations initiated by Central
/// System", 2.0.1 RequestStart/StopTransaction and Set/GetVariables). A log export does not say
/// who sent a frame, so a CALL is attributed by its action. DataTransfer goes both ways and is
/// attributed to the charger, which sends it far more often.
/// </summary>
public static class CsmsActions
{
    private static readonly byte[][] s_names =
    [
        "RemoteStartTransaction"u8.ToArray(), "RemoteStopTransaction"u8.ToArray(), "Reset"u8.ToArray(),
        "ChangeAvailability"u8.ToArray(), "ChangeConfiguration"u8.ToArray(), "GetConfiguration"u8.ToArray(),
        "TriggerMessage"u8.ToArray(), "UnlockConnector"u8.ToArray(), "ClearCache"u8.ToArray(),
        "GetDiagnostics"u8.ToArray(), "UpdateFirmware"u8.ToArray(), "ReserveNow"u8.ToArray(),
        "CancelReservation"u8.ToArray(), "SetChargingProfile"u8.ToArray(), "ClearChargingProfile"u8.ToArray(),
        "GetCompositeSchedule"u8.ToArray(), "SendLocalList"u8.ToArray(), "GetLocalListVersion"u8.ToArray(),
        "RequestStartTransaction"u8.ToArray(), "RequestStopTransaction"u8.ToArray(), "SetVariables"u8.ToArray(),
        "GetVariables"u8.ToArray(),
    ];

    /// <summary>True when a CALL of <paramref name="action"/> goes CSMS → charger.</summary>
    public static bool Contains(ReadOnlySpan<byte> action)
    {
        foreach (var name in s_names)
        {
            if (action.SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }
}
