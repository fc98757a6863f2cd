using System.Buffers.Text;
using System.Text.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// Reads the payload objects of the actions the engine uses. The reader enters positioned on
/// the payload's StartObject and leaves on its EndObject. Unknown properties are skipped
/// (chargers add vendor fields); numbers sent as strings are accepted, as chargers send them.
/// </summary>
internal static class PayloadParser
{
    /// <summary>Reads a CALL/SEND payload into the one event it reports; its <see cref="TelemetryEvent.Version"/> is the version the payload showed.</summary>
    public static TelemetryEvent ParseCall(ref Utf8JsonReader reader, OcppAction action, in FrameContext context)
    {
        if (!context.FromCharger)
        {
            reader.Skip();
            // CSMS → charger: a command; it says nothing about whether the charger is alive.
            var command = TelemetryEvent.Create(EventKind.Command, context.TimestampMs, context.Charger, context.Version);
            command.Origin = EventOrigin.Csms;
            return command;
        }

        switch (action)
        {
            case OcppAction.Heartbeat:
                reader.Skip();
                return TelemetryEvent.Create(EventKind.Heartbeat, context.TimestampMs, context.Charger, context.Version);
            case OcppAction.StatusNotification:
                return ParseStatus(ref reader, context);
            case OcppAction.BootNotification:
                return ParseBoot(ref reader, context);
            default:
                reader.Skip();
                return TelemetryEvent.Create(EventKind.Unknown, context.TimestampMs, context.Charger, context.Version);
        }
    }

    /// <summary>Reads a CALLRESULT payload; returns false when the answered action reports nothing.</summary>
    public static bool TryParseResult(ref Utf8JsonReader reader, OcppAction answered, in FrameContext context, out TelemetryEvent result)
    {
        if (answered != OcppAction.BootNotification)
        {
            reader.Skip();
            result = default;
            return false;
        }

        var registration = RegistrationStatus.None;
        var interval = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                registration = Registration(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("interval"u8))
            {
                interval = ReadInt(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        result = TelemetryEvent.Create(EventKind.BootResult, context.TimestampMs, context.Charger, context.Version);
        result.Origin = context.FromCharger ? EventOrigin.Charger : EventOrigin.Csms;
        result.Value = interval;
        result.Detail = (byte)registration;
        return true;
    }

    private static TelemetryEvent ParseStatus(ref Utf8JsonReader reader, in FrameContext context)
    {
        var connectorId = -1;
        var evseId = -1;
        var status = ConnectorStatus.None;
        var error = ErrorCode.None;
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
        if (status == ConnectorStatus.None || port is < 0 or > ushort.MaxValue || connectorId is < 0 or > ushort.MaxValue)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }

        var statusEvent = TelemetryEvent.Create(EventKind.Status, context.TimestampMs, context.Charger, version);
        statusEvent.Port = (ushort)port;
        statusEvent.Connector = (ushort)connectorId;
        statusEvent.Status = status;
        statusEvent.Error = error;
        return statusEvent;
    }

    private static TelemetryEvent ParseBoot(ref Utf8JsonReader reader, in FrameContext context)
    {
        var sawV201Field = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // 2.0.1 nests the station under chargingStation and states a reason; 1.6 has flat chargePoint* fields.
            if (reader.ValueTextEquals("chargingStation"u8) || reader.ValueTextEquals("reason"u8))
            {
                sawV201Field = true;
            }

            reader.Skip();
        }

        return TelemetryEvent.Create(EventKind.Boot, context.TimestampMs, context.Charger, Resolve(context.Version, sawV201Field));
    }

    private static OcppVersion Resolve(OcppVersion known, bool sawV201Field) =>
        known != OcppVersion.Unknown ? known : sawV201Field ? OcppVersion.V201 : OcppVersion.V16;

    private static RegistrationStatus Registration(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("Accepted"u8) ? RegistrationStatus.Accepted
        : name.SequenceEqual("Pending"u8) ? RegistrationStatus.Pending
        : name.SequenceEqual("Rejected"u8) ? RegistrationStatus.Rejected
        : RegistrationStatus.None;

    private static ReadOnlySpan<byte> ReadString(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }

        return reader.ValueSpan;
    }

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String
            && Utf8Parser.TryParse(reader.ValueSpan, out int parsed, out var consumed)
            && consumed == reader.ValueSpan.Length)
        {
            return parsed;
        }

        return ThrowHelper.ThrowMalformed<int>(RejectReason.InvalidPayload);
    }
}
