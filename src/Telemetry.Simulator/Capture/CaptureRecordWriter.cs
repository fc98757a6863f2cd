using System.Globalization;
using System.Text.Json;
using Telemetry.Simulator.Fleet;

namespace Telemetry.Simulator.Capture;

/// <summary>
/// Writes one <see cref="CaptureRecord"/> as a tap-stream object (DESIGN §2.1):
/// <c>{"ts","cp","dir","msg":[...]}</c> for frames, <c>{"ts","cp","event"}</c> for connection events.
/// Payloads follow the OCPP 1.6 and 2.0.1 JSON schemas.
/// </summary>
internal static class CaptureRecordWriter
{
    private const int Call = 2;
    private const int CallResult = 3;
    // Charge point ids are at most 48 characters; the transaction suffix adds '-' and up to 10 digits.
    private const int TransactionIdCapacity = 64;

    /// <param name="heartbeatIntervalSeconds">The interval the CSMS grants in BootNotification results.</param>
    public static void Write(
        Utf8JsonWriter writer, in CaptureRecord record, ChargerProfile charger, JsonEncodedText chargerId, int heartbeatIntervalSeconds)
    {
        var v201 = charger.Protocol == ProtocolVersion.Ocpp201;
        writer.WriteStartObject();
        WriteTime(writer, "ts"u8, record.TimeMs);
        writer.WriteString("cp"u8, chargerId);
        switch (record.Kind)
        {
            case RecordKind.Connected:
                writer.WriteString("event"u8, "connected"u8);
                writer.WriteString("proto"u8, v201 ? "ocpp2.0.1"u8 : "ocpp1.6"u8);
                writer.WriteEndObject();
                return;
            case RecordKind.Disconnected:
                writer.WriteString("event"u8, "disconnected"u8);
                writer.WriteEndObject();
                return;
        }

        var isCall = IsCall(record.Kind);
        var fromCharger = isCall ? !IsCsmsCall(record.Kind) : IsChargerResult(record.Kind);
        writer.WriteString("dir"u8, fromCharger ? "rx"u8 : "tx"u8);
        writer.WriteStartArray("msg"u8);
        writer.WriteNumberValue(isCall ? Call : CallResult);
        WriteMessageId(writer, record.MessageId);
        if (isCall)
        {
            writer.WriteStringValue(ActionName(record.Kind, v201));
        }

        writer.WriteStartObject();
        WritePayload(writer, record, charger, v201, heartbeatIntervalSeconds);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static bool IsCall(RecordKind kind) => kind is RecordKind.BootNotification or RecordKind.Heartbeat
        or RecordKind.StatusNotification or RecordKind.Authorize or RecordKind.StartTransaction
        or RecordKind.MeterValues or RecordKind.StopTransaction or RecordKind.TransactionEvent
        or RecordKind.FirmwareStatusNotification or RecordKind.NotifyEvent || IsCsmsCall(kind);

    private static bool IsCsmsCall(RecordKind kind) => kind is RecordKind.Reset or RecordKind.TriggerMessage
        or RecordKind.Configuration or RecordKind.ChangeAvailability or RecordKind.UpdateFirmware;

    private static bool IsChargerResult(RecordKind kind) => kind is RecordKind.ResetResult or RecordKind.TriggerMessageResult
        or RecordKind.ChangeAvailabilityResult or RecordKind.UpdateFirmwareResult;

    private static ReadOnlySpan<byte> ActionName(RecordKind kind, bool v201) => kind switch
    {
        RecordKind.TriggerMessage => "TriggerMessage"u8,
        RecordKind.Configuration => v201 ? "GetVariables"u8 : "ChangeConfiguration"u8,
        RecordKind.ChangeAvailability => "ChangeAvailability"u8,
        RecordKind.UpdateFirmware => "UpdateFirmware"u8,
        RecordKind.FirmwareStatusNotification => "FirmwareStatusNotification"u8,
        RecordKind.NotifyEvent => "NotifyEvent"u8,
        RecordKind.BootNotification => "BootNotification"u8,
        RecordKind.Heartbeat => "Heartbeat"u8,
        RecordKind.StatusNotification => "StatusNotification"u8,
        RecordKind.Authorize => "Authorize"u8,
        RecordKind.StartTransaction => "StartTransaction"u8,
        RecordKind.MeterValues => "MeterValues"u8,
        RecordKind.StopTransaction => "StopTransaction"u8,
        RecordKind.Reset => "Reset"u8,
        _ => "TransactionEvent"u8,
    };

    private static void WritePayload(
        Utf8JsonWriter writer, in CaptureRecord record, ChargerProfile charger, bool v201, int heartbeatIntervalSeconds)
    {
        switch (record.Kind)
        {
            case RecordKind.BootNotification when v201:
                writer.WriteString("reason"u8, CaptureVocabulary.BootReason(record.Reason));
                writer.WriteStartObject("chargingStation"u8);
                writer.WriteString("model"u8, charger.Model);
                writer.WriteString("vendorName"u8, charger.Vendor);
                writer.WriteString("firmwareVersion"u8, charger.Firmware);
                writer.WriteEndObject();
                break;
            case RecordKind.BootNotification:
                writer.WriteString("chargePointVendor"u8, charger.Vendor);
                writer.WriteString("chargePointModel"u8, charger.Model);
                writer.WriteString("firmwareVersion"u8, charger.Firmware);
                break;
            case RecordKind.BootNotificationResult:
                WriteTime(writer, "currentTime"u8, record.TimeMs);
                writer.WriteNumber("interval"u8, heartbeatIntervalSeconds);
                writer.WriteString("status"u8, "Accepted"u8);
                break;
            case RecordKind.HeartbeatResult:
                WriteTime(writer, "currentTime"u8, record.TimeMs);
                break;
            case RecordKind.StatusNotification when v201:
                WriteTime(writer, "timestamp"u8, record.TimeMs);
                writer.WriteString("connectorStatus"u8, CaptureVocabulary.StatusName((PortStatus)record.Variant));
                writer.WriteNumber("evseId"u8, record.Port);
                writer.WriteNumber("connectorId"u8, 1);
                break;
            case RecordKind.StatusNotification:
                WriteStatus16(writer, record);
                break;
            case RecordKind.Authorize when v201:
                WriteIdToken(writer, record.Token);
                break;
            case RecordKind.Authorize:
                WriteIdTag(writer, "idTag"u8, record.Token);
                break;
            case RecordKind.AuthorizeResult:
                writer.WriteStartObject(v201 ? "idTokenInfo"u8 : "idTagInfo"u8);
                writer.WriteString("status"u8, CaptureVocabulary.AuthStatus(record.Variant));
                writer.WriteEndObject();
                break;
            case RecordKind.StartTransaction:
                writer.WriteNumber("connectorId"u8, record.Port);
                WriteIdTag(writer, "idTag"u8, record.Token);
                writer.WriteNumber("meterStart"u8, record.EnergyWh);
                WriteTime(writer, "timestamp"u8, record.TimeMs);
                break;
            case RecordKind.StartTransactionResult:
                WriteAccepted(writer, "idTagInfo"u8);
                writer.WriteNumber("transactionId"u8, record.Transaction);
                break;
            case RecordKind.MeterValues:
                writer.WriteNumber("connectorId"u8, record.Port);
                writer.WriteNumber("transactionId"u8, record.Transaction);
                writer.WriteStartArray("meterValue"u8);
                WriteMeterValue(writer, record, v201: false, "Sample.Periodic"u8);
                writer.WriteEndArray();
                break;
            case RecordKind.StopTransaction:
                WriteIdTag(writer, "idTag"u8, record.Token);
                writer.WriteNumber("meterStop"u8, record.EnergyWh);
                WriteTime(writer, "timestamp"u8, record.PayloadMs);
                writer.WriteNumber("transactionId"u8, record.Transaction);
                writer.WriteString("reason"u8, CaptureVocabulary.StopReason(record.Reason));
                break;
            case RecordKind.StopTransactionResult:
                WriteAccepted(writer, "idTagInfo"u8);
                break;
            case RecordKind.TransactionEvent:
                WriteTransactionEvent(writer, record, charger);
                break;
            case RecordKind.Reset when record.Variant == 0:
                // A graceful reset: 1.6 Soft, 2.0.1 OnIdle (after any transaction ends).
                writer.WriteString("type"u8, v201 ? "OnIdle"u8 : "Soft"u8);
                break;
            case RecordKind.Reset:
                // Recovering a faulted charger: reboot now.
                writer.WriteString("type"u8, v201 ? "Immediate"u8 : "Hard"u8);
                break;
            case RecordKind.ResetResult:
            case RecordKind.TriggerMessageResult:
            case RecordKind.ChangeAvailabilityResult:
                writer.WriteString("status"u8, "Accepted"u8);
                break;
            case RecordKind.UpdateFirmwareResult when v201:
                writer.WriteString("status"u8, "Accepted"u8);
                break;
            case RecordKind.TriggerMessage:
                writer.WriteString("requestedMessage"u8, "Heartbeat"u8);
                break;
            case RecordKind.Configuration:
                WriteConfiguration(writer, v201, heartbeatIntervalSeconds);
                break;
            case RecordKind.ChangeAvailability:
                WriteChangeAvailability(writer, record, v201);
                break;
            case RecordKind.UpdateFirmware:
                WriteUpdateFirmware(writer, record, charger, v201);
                break;
            case RecordKind.FirmwareStatusNotification:
                writer.WriteString("status"u8, CaptureVocabulary.FirmwareStatus(record.Variant));
                if (v201)
                {
                    writer.WriteNumber("requestId"u8, record.Transaction);
                }

                break;
            case RecordKind.NotifyEvent:
                WriteNotifyEvent(writer, record);
                break;
            case RecordKind.TransactionEventResult when record.Variant == (int)TransactionStep.Started:
                WriteAccepted(writer, "idTokenInfo"u8);
                break;
            default:
                // Heartbeat requests and the empty confirmations carry no fields.
                break;
        }
    }

    private static void WriteStatus16(Utf8JsonWriter writer, in CaptureRecord record)
    {
        var status = (PortStatus)record.Variant;
        writer.WriteNumber("connectorId"u8, record.Port);
        if (status == PortStatus.Faulted)
        {
            writer.WriteString("errorCode"u8, CaptureVocabulary.FaultErrorCode(record.Reason));
            writer.WriteString("status"u8, CaptureVocabulary.StatusName(status));
            writer.WriteString("vendorErrorCode"u8, CaptureVocabulary.FaultVendorCode(record.Reason));
        }
        else if (record.Reason > 0)
        {
            // OCPP 1.6 §4.9: an error that does not stop charging is reported with the port's status.
            writer.WriteString("errorCode"u8, CaptureVocabulary.AlarmErrorCode(record.Reason - 1));
            writer.WriteString("status"u8, CaptureVocabulary.StatusName(status));
            writer.WriteString("vendorErrorCode"u8, CaptureVocabulary.AlarmVendorCode(record.Reason - 1));
        }
        else
        {
            writer.WriteString("errorCode"u8, "NoError"u8);
            writer.WriteString("status"u8, CaptureVocabulary.StatusName(status));
        }

        WriteTime(writer, "timestamp"u8, record.TimeMs);
    }

    private static void WriteTransactionEvent(Utf8JsonWriter writer, in CaptureRecord record, ChargerProfile charger)
    {
        var step = (TransactionStep)record.Variant;
        writer.WriteString("eventType"u8, step switch
        {
            TransactionStep.Started => "Started"u8,
            TransactionStep.Ended => "Ended"u8,
            _ => "Updated"u8,
        });
        WriteTime(writer, "timestamp"u8, record.PayloadMs);
        writer.WriteString("triggerReason"u8, step switch
        {
            TransactionStep.Started => "Authorized"u8,
            TransactionStep.Charging => "ChargingStateChanged"u8,
            TransactionStep.Meter => "MeterValuePeriodic"u8,
            _ => CaptureVocabulary.StopTrigger(record.Reason),
        });
        writer.WriteNumber("seqNo"u8, record.SeqNo);
        if (record.EventMs != 0)
        {
            // 2.0.1 E04: sent after the connection returned, for a transaction event that happened while it was down.
            writer.WriteBoolean("offline"u8, true);
        }

        writer.WriteStartObject("transactionInfo"u8);
        Span<char> id = stackalloc char[TransactionIdCapacity];
        writer.WriteString("transactionId"u8, TransactionId(charger.Id, record.Transaction, id));
        writer.WriteString("chargingState"u8, step switch
        {
            TransactionStep.Started => "EVConnected"u8,
            TransactionStep.Ended => "Idle"u8,
            _ => "Charging"u8,
        });
        if (step == TransactionStep.Ended)
        {
            writer.WriteString("stoppedReason"u8, CaptureVocabulary.StopReason(record.Reason));
        }

        writer.WriteEndObject();

        if (step == TransactionStep.Started)
        {
            WriteIdToken(writer, record.Token);
        }

        writer.WriteStartObject("evse"u8);
        writer.WriteNumber("id"u8, record.Port);
        writer.WriteNumber("connectorId"u8, 1);
        writer.WriteEndObject();

        writer.WriteStartArray("meterValue"u8);
        WriteMeterValue(writer, record, v201: true, step switch
        {
            TransactionStep.Started => "Transaction.Begin"u8,
            TransactionStep.Ended => "Transaction.End"u8,
            _ => "Sample.Periodic"u8,
        });
        writer.WriteEndArray();
    }

    private static ReadOnlySpan<char> TransactionId(string chargerId, int transaction, Span<char> buffer)
    {
        chargerId.AsSpan().CopyTo(buffer);
        buffer[chargerId.Length] = '-';
        transaction.TryFormat(buffer[(chargerId.Length + 1)..], out var written, "D6", CultureInfo.InvariantCulture);
        return buffer[..(chargerId.Length + 1 + written)];
    }

    private static void WriteMeterValue(Utf8JsonWriter writer, in CaptureRecord record, bool v201, ReadOnlySpan<byte> context)
    {
        writer.WriteStartObject();
        WriteTime(writer, "timestamp"u8, record.PayloadMs);
        writer.WriteStartArray("sampledValue"u8);
        WriteSample(writer, record.EnergyWh, v201, context, "Energy.Active.Import.Register"u8, "Wh"u8);
        WriteSample(writer, record.PowerW, v201, context, "Power.Active.Import"u8, "W"u8);
        if (record.OfferedW > 0)
        {
            WriteSample(writer, record.OfferedW, v201, context, "Power.Offered"u8, "W"u8);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    // 1.6 carries sampled values as strings with a unit; 2.0.1 as numbers with a unitOfMeasure.
    private static void WriteSample(
        Utf8JsonWriter writer, long value, bool v201, ReadOnlySpan<byte> context, ReadOnlySpan<byte> measurand, ReadOnlySpan<byte> unit)
    {
        writer.WriteStartObject();
        if (v201)
        {
            writer.WriteNumber("value"u8, value);
        }
        else
        {
            Span<byte> digits = stackalloc byte[20];
            value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
            writer.WriteString("value"u8, digits[..written]);
        }

        writer.WriteString("context"u8, context);
        writer.WriteString("measurand"u8, measurand);
        if (v201)
        {
            writer.WriteStartObject("unitOfMeasure"u8);
            writer.WriteString("unit"u8, unit);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("unit"u8, unit);
        }

        writer.WriteEndObject();
    }

    private static void WriteConfiguration(Utf8JsonWriter writer, bool v201, int heartbeatIntervalSeconds)
    {
        if (!v201)
        {
            writer.WriteString("key"u8, "HeartbeatInterval"u8);
            writer.WriteString("value"u8, heartbeatIntervalSeconds.ToString(CultureInfo.InvariantCulture));
            return;
        }

        writer.WriteStartArray("getVariableData"u8);
        writer.WriteStartObject();
        writer.WriteStartObject("component"u8);
        writer.WriteString("name"u8, "OCPPCommCtrlr"u8);
        writer.WriteEndObject();
        writer.WriteStartObject("variable"u8);
        writer.WriteString("name"u8, "HeartbeatInterval"u8);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteChangeAvailability(Utf8JsonWriter writer, in CaptureRecord record, bool v201)
    {
        var status = record.Variant == 1 ? "Operative"u8 : "Inoperative"u8;
        if (!v201)
        {
            writer.WriteNumber("connectorId"u8, record.Port);
            writer.WriteString("type"u8, status);
            return;
        }

        writer.WriteString("operationalStatus"u8, status);
        writer.WriteStartObject("evse"u8);
        writer.WriteNumber("id"u8, record.Port);
        writer.WriteEndObject();
    }

    private static void WriteUpdateFirmware(Utf8JsonWriter writer, in CaptureRecord record, ChargerProfile charger, bool v201)
    {
        var location = "https://firmware.example.com/" + charger.Vendor + "/" + charger.Model + ".bin";
        if (!v201)
        {
            writer.WriteString("location"u8, location);
            WriteTime(writer, "retrieveDate"u8, record.TimeMs);
            return;
        }

        writer.WriteNumber("requestId"u8, record.Transaction);
        writer.WriteStartObject("firmware"u8);
        writer.WriteString("location"u8, location);
        WriteTime(writer, "retrieveDateTime"u8, record.TimeMs);
        writer.WriteEndObject();
    }

    /// <summary>2.0.1 NotifyEvent of an alarm on a port's Connector component: raised (Variant 0) or cleared (1).</summary>
    private static void WriteNotifyEvent(Utf8JsonWriter writer, in CaptureRecord record)
    {
        var cleared = record.Variant == 1;
        var code = record.Reason - 1;
        WriteTime(writer, "generatedAt"u8, record.TimeMs);
        writer.WriteNumber("seqNo"u8, 0);
        writer.WriteStartArray("eventData"u8);
        writer.WriteStartObject();
        writer.WriteNumber("eventId"u8, record.Transaction);
        WriteTime(writer, "timestamp"u8, record.TimeMs);
        writer.WriteString("trigger"u8, "Alerting"u8);
        writer.WriteString("actualValue"u8, cleared ? "false"u8 : "true"u8);
        writer.WriteString("techCode"u8, CaptureVocabulary.AlarmVendorCode(code));
        if (cleared)
        {
            writer.WriteBoolean("cleared"u8, true);
        }

        writer.WriteStartObject("component"u8);
        writer.WriteString("name"u8, "Connector"u8);
        writer.WriteStartObject("evse"u8);
        writer.WriteNumber("id"u8, record.Port);
        writer.WriteNumber("connectorId"u8, 1);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteString("eventNotificationType"u8, "HardWiredNotification"u8);
        writer.WriteStartObject("variable"u8);
        writer.WriteString("name"u8, CaptureVocabulary.AlarmVariable(code));
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static void WriteAccepted(Utf8JsonWriter writer, ReadOnlySpan<byte> name)
    {
        writer.WriteStartObject(name);
        writer.WriteString("status"u8, "Accepted"u8);
        writer.WriteEndObject();
    }

    private static void WriteIdToken(Utf8JsonWriter writer, uint token)
    {
        writer.WriteStartObject("idToken"u8);
        WriteIdTag(writer, "idToken"u8, token);
        writer.WriteString("type"u8, "ISO14443"u8);
        writer.WriteEndObject();
    }

    private static void WriteIdTag(Utf8JsonWriter writer, ReadOnlySpan<byte> name, uint token)
    {
        Span<byte> hex = stackalloc byte[8];
        token.TryFormat(hex, out _, "X8", CultureInfo.InvariantCulture);
        writer.WriteString(name, hex);
    }

    private static void WriteMessageId(Utf8JsonWriter writer, int messageId)
    {
        Span<byte> digits = stackalloc byte[10];
        messageId.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        writer.WriteStringValue(digits[..written]);
    }

    private static void WriteTime(Utf8JsonWriter writer, ReadOnlySpan<byte> name, long unixMs)
    {
        Span<byte> buffer = stackalloc byte[Rfc3339.Length];
        Rfc3339.Format(unixMs, buffer);
        writer.WriteString(name, buffer);
    }
}
