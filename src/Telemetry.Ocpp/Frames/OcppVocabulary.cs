using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Frames;

/// <summary>Maps OCPP names, as UTF-8 bytes, to the engine's enums without making strings.</summary>
public static class OcppVocabulary
{
    private static readonly byte[][] s_errorNames =
    [
        "NoError"u8.ToArray(), "ConnectorLockFailure"u8.ToArray(), "EVCommunicationError"u8.ToArray(),
        "GroundFailure"u8.ToArray(), "HighTemperature"u8.ToArray(), "InternalError"u8.ToArray(),
        "LocalListConflict"u8.ToArray(), "OtherError"u8.ToArray(), "OverCurrentFailure"u8.ToArray(),
        "OverVoltage"u8.ToArray(), "PowerMeterFailure"u8.ToArray(), "PowerSwitchFailure"u8.ToArray(),
        "ReaderFailure"u8.ToArray(), "ResetFailure"u8.ToArray(), "UnderVoltage"u8.ToArray(),
        "WeakSignal"u8.ToArray(),
    ];

    public static OcppAction Action(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("Heartbeat"u8))
        {
            return OcppAction.Heartbeat;
        }

        if (name.SequenceEqual("StatusNotification"u8))
        {
            return OcppAction.StatusNotification;
        }

        if (name.SequenceEqual("BootNotification"u8))
        {
            return OcppAction.BootNotification;
        }

        return OcppAction.Unknown;
    }

    /// <summary>1.6 ChargePointStatus and 2.0.1 ConnectorStatusEnumType share one enum.</summary>
    public static ConnectorStatus Status(ReadOnlySpan<byte> name) => name.Length switch
    {
        7 when name.SequenceEqual("Faulted"u8) => ConnectorStatus.Faulted,
        8 when name.SequenceEqual("Charging"u8) => ConnectorStatus.Charging,
        8 when name.SequenceEqual("Reserved"u8) => ConnectorStatus.Reserved,
        8 when name.SequenceEqual("Occupied"u8) => ConnectorStatus.Occupied,
        9 when name.SequenceEqual("Available"u8) => ConnectorStatus.Available,
        9 when name.SequenceEqual("Preparing"u8) => ConnectorStatus.Preparing,
        9 when name.SequenceEqual("Finishing"u8) => ConnectorStatus.Finishing,
        11 when name.SequenceEqual("Unavailable"u8) => ConnectorStatus.Unavailable,
        11 when name.SequenceEqual("SuspendedEV"u8) => ConnectorStatus.SuspendedEV,
        13 when name.SequenceEqual("SuspendedEVSE"u8) => ConnectorStatus.SuspendedEVSE,
        _ => ConnectorStatus.None,
    };

    /// <summary>1.6 ChargePointErrorCode; strings outside it are kept as <see cref="ErrorCode.Unrecognised"/>.</summary>
    public static ErrorCode Error(ReadOnlySpan<byte> name)
    {
        // Index i holds the name of (ErrorCode)(i + 1); the enum follows the 1.6 list in order.
        for (var i = 0; i < s_errorNames.Length; i++)
        {
            if (name.SequenceEqual(s_errorNames[i]))
            {
                return (ErrorCode)(i + 1);
            }
        }

        return ErrorCode.Unrecognised;
    }

    /// <summary>The <c>proto</c> of a <c>connected</c> record (WebSocket sub-protocol names).</summary>
    public static OcppVersion Protocol(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("ocpp1.6"u8))
        {
            return OcppVersion.V16;
        }

        if (name.SequenceEqual("ocpp2.0.1"u8))
        {
            return OcppVersion.V201;
        }

        return name.SequenceEqual("ocpp2.1"u8) ? OcppVersion.V21 : OcppVersion.Unknown;
    }
}
