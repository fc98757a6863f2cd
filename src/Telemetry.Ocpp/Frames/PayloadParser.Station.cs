using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Frames;

/// <summary>Charger state reports: BootNotification, StatusNotification, Authorize, firmware, diagnostics and security notifications.</summary>
internal sealed partial class PayloadParser
{
    private void ParseStatus(ref JsonScanner reader, in FrameContext context)
    {
        var connectorId = -1;
        var evseId = -1;
        var status = ConnectorStatus.None;
        var error = ErrorCode.None;
        var vendorCode = TextCodeRegistry.None;
        var sawV201Field = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("connectorId"u8))
            {
                connectorId = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                status = OcppVocabulary.Status(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("errorCode"u8))
            {
                error = OcppVocabulary.Error(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("vendorErrorCode"u8))
            {
                vendorCode = InternText(ref reader);
            }
            else if (reader.ValueTextEquals("connectorStatus"u8))
            {
                status = OcppVocabulary.Status(ReadString(ref reader));
                sawV201Field = true;
            }
            else if (reader.ValueTextEquals("evseId"u8))
            {
                evseId = ReadInt(ref reader);
                sawV201Field = true;
            }
            else
            {
                reader.Skip();
            }
        }

        var version = Resolve(context.Version, sawV201Field);
        // A port is the 1.6 connector or the 2.0.1 EVSE (EV Charging Use Specification, uptime table).
        var port = version >= OcppVersion.V201 ? evseId : connectorId;
        if (status == ConnectorStatus.None)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }

        var e = New(EventKind.Status, context, version);
        e.Port = ToPort(port);
        e.Connector = ToPort(connectorId);
        e.Status = status;
        e.Error = error;
        e.TextCode = vendorCode;
        Add(e);
    }

    private void ParseBoot(ref JsonScanner reader, in FrameContext context)
    {
        var sawV201Field = false;
        var reason = BootReason.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // 2.0.1 nests the station under chargingStation and states a reason; 1.6 has flat chargePoint* fields.
            if (reader.ValueTextEquals("reason"u8))
            {
                reason = OcppVocabulary.BootReason(ReadString(ref reader));
                sawV201Field = true;
            }
            else
            {
                sawV201Field |= reader.ValueTextEquals("chargingStation"u8);
                reader.Skip();
            }
        }

        var e = New(EventKind.Boot, context, Resolve(context.Version, sawV201Field));
        e.Detail = (byte)reason;
        Add(e);
    }

    private void ParseAuthorize(ref JsonScanner reader, in FrameContext context)
    {
        // The token itself is personal data and is not kept: the request only marks that a driver tried.
        var sawV201Field = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            sawV201Field |= reader.ValueTextEquals("idToken"u8);
            reader.Skip();
        }

        Add(New(EventKind.AuthRequested, context, Resolve(context.Version, sawV201Field)));
    }

    /// <summary>1.6 FirmwareStatusNotification and SignedFirmwareStatusNotification, 2.0.1 FirmwareStatusNotification.</summary>
    private void ParseFirmwareStatus(ref JsonScanner reader, in FrameContext context)
    {
        var status = FirmwareStatus.None;
        var requestId = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                status = OcppVocabulary.Firmware(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("requestId"u8))
            {
                requestId = ReadInt(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        RequireCode(status != FirmwareStatus.None);
        var e = New(EventKind.Firmware, context, context.Version);
        e.Detail = (byte)status;
        e.Value2 = requestId;
        Add(e);
    }

    private void ParseDiagnosticsStatus(ref JsonScanner reader, in FrameContext context)
    {
        var status = DiagnosticsStatus.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                status = OcppVocabulary.Diagnostics(ReadString(ref reader));
            }
            else
            {
                reader.Skip();
            }
        }

        RequireCode(status != DiagnosticsStatus.None);
        var e = New(EventKind.Diagnostics, context, Resolve(context.Version, sawV201Field: false));
        e.Detail = (byte)status;
        Add(e);
    }

    /// <summary>Security event <c>type</c> (1.6 security extension, 2.0.1): a text from the spec's list or the vendor's, kept as a text code.</summary>
    private void ParseSecurityEvent(ref JsonScanner reader, in FrameContext context)
    {
        var type = TextCodeRegistry.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                type = InternText(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        RequireCode(type != TextCodeRegistry.None);
        var e = New(EventKind.SecurityEvent, context, context.Version);
        e.TextCode = type;
        Add(e);
    }

    /// <summary>A required field was missing: the payload breaks its schema.</summary>
    private static void RequireCode(bool present)
    {
        if (!present)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }
    }
}
