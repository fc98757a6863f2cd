using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Tests.Sessions;

/// <summary>Builds the events the parser makes of 1.6 and 2.0.1 frames for one charger, at offsets from a start time.</summary>
internal sealed class OcppEvents(int charger, long startMs)
{
    public int Charger => charger;

    public long At(long offsetMs) => startMs + offsetMs;

    public TelemetryEvent Status(long offsetMs, ushort port, ConnectorStatus status, ErrorCode error = ErrorCode.NoError, OcppVersion version = OcppVersion.V16)
    {
        var e = New(EventKind.Status, offsetMs, version);
        e.Port = port;
        e.Connector = port;
        e.Status = status;
        e.Error = version == OcppVersion.V16 ? error : ErrorCode.None;
        return e;
    }

    /// <summary>The CSMS's answer to Authorize (which names no connector: port 0).</summary>
    public TelemetryEvent Authorized(long offsetMs, AuthorizationStatus status, OcppVersion version = OcppVersion.V16)
    {
        var e = New(EventKind.AuthResult, offsetMs, version);
        e.Origin = EventOrigin.Csms;
        e.Detail = (byte)status;
        e.Reason = (byte)AuthContext.Authorize;
        return e;
    }

    /// <summary>The CSMS's answer to a 1.6 StartTransaction: transactionId and idTagInfo.status.</summary>
    public TelemetryEvent StartAnswer(long offsetMs, int transactionId, AuthorizationStatus status = AuthorizationStatus.Accepted)
    {
        var e = New(EventKind.AuthResult, offsetMs, OcppVersion.V16);
        e.Origin = EventOrigin.Csms;
        e.Detail = (byte)status;
        e.Reason = (byte)AuthContext.StartTransaction;
        e.Value2 = transactionId;
        return e;
    }

    public TelemetryEvent Start16(long offsetMs, ushort port, int meterStartWh)
    {
        var e = New(EventKind.SessionStarted, offsetMs, OcppVersion.V16);
        e.Port = port;
        e.Connector = port;
        e.Value = meterStartWh;
        return e;
    }

    public TelemetryEvent Stop16(long offsetMs, int transactionId, int meterStopWh, StopReason reason)
    {
        var e = New(EventKind.SessionStopped, offsetMs, OcppVersion.V16);
        e.Value = meterStopWh;
        e.Value2 = transactionId;
        e.Detail = (byte)reason;
        return e;
    }

    public TelemetryEvent Started201(long offsetMs, ushort evse, ushort transaction, int registerWh, TriggerReason trigger = TriggerReason.Authorized)
    {
        var e = New(EventKind.SessionStarted, offsetMs, OcppVersion.V201);
        e.Port = evse;
        e.Connector = 1;
        e.TextCode = transaction;
        e.Value = registerWh;
        e.Detail = (byte)trigger;
        e.Status = ConnectorStatus.Occupied;
        return e;
    }

    /// <summary>A 2.0.1 TransactionEvent Updated; like the protocol allows, it names no EVSE.</summary>
    public TelemetryEvent Updated201(long offsetMs, ushort transaction, int registerWh, TriggerReason trigger = TriggerReason.MeterValuePeriodic)
    {
        var e = New(EventKind.SessionUpdated, offsetMs, OcppVersion.V201);
        e.TextCode = transaction;
        e.Value = registerWh;
        e.Detail = (byte)trigger;
        e.Status = ConnectorStatus.Charging;
        return e;
    }

    public TelemetryEvent Ended201(long offsetMs, ushort transaction, int registerWh, StopReason reason, bool offline = false)
    {
        var e = New(EventKind.SessionStopped, offsetMs, OcppVersion.V201);
        e.TextCode = transaction;
        e.Value = registerWh;
        e.Detail = (byte)TriggerReason.EVDeparted;
        e.Reason = (byte)reason;
        e.Offline = offline;
        return e;
    }

    public TelemetryEvent Meter(long offsetMs, ushort port, Measurand measurand, int value, OcppVersion version = OcppVersion.V16)
    {
        var e = New(EventKind.Meter, offsetMs, version);
        e.Port = port;
        e.Detail = (byte)measurand;
        e.Value = value;
        return e;
    }

    public TelemetryEvent Heartbeat(long offsetMs) => New(EventKind.Heartbeat, offsetMs, OcppVersion.V16);

    public TelemetryEvent Reset(long offsetMs, ushort port = 0, OcppVersion version = OcppVersion.V16)
    {
        var e = New(EventKind.ResetRequested, offsetMs, version);
        e.Origin = EventOrigin.Csms;
        e.Port = port;
        e.Detail = (byte)(version == OcppVersion.V16 ? ResetType.Hard : ResetType.Immediate);
        return e;
    }

    public TelemetryEvent ResetAnswer(long offsetMs, CommandStatus status, OcppVersion version = OcppVersion.V16)
    {
        var e = New(EventKind.ResetResult, offsetMs, version);
        e.Detail = (byte)status;
        e.Reason = (byte)CommandAction.Reset;
        return e;
    }

    public TelemetryEvent Boot(long offsetMs, BootReason reason = BootReason.None) =>
        New(EventKind.Boot, offsetMs, reason == BootReason.None ? OcppVersion.V16 : OcppVersion.V201) with { Detail = (byte)reason };

    private TelemetryEvent New(EventKind kind, long offsetMs, OcppVersion version) =>
        TelemetryEvent.Create(kind, startMs + offsetMs, charger, version);
}
