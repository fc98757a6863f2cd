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
    public static OcppVersion ParseCall<THandler>(
        ref Utf8JsonReader reader, OcppAction action, in FrameContext context, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        if (!context.FromCharger)
        {
            reader.Skip();
            // CSMS → charger: a command; it says nothing about whether the charger is alive.
            var command = TelemetryEvent.Create(EventKind.Command, context.TimestampMs, context.Charger, context.Version);
            command.Origin = EventOrigin.Csms;
            handler.OnEvent(command);
            return context.Version;
        }

        switch (action)
        {
            case OcppAction.Heartbeat:
                reader.Skip();
                handler.OnEvent(TelemetryEvent.Create(EventKind.Heartbeat, context.TimestampMs, context.Charger, context.Version));
                return context.Version;
            case OcppAction.StatusNotification:
                return ParseStatus(ref reader, context, ref handler);
            case OcppAction.BootNotification:
                return ParseBoot(ref reader, context, ref handler);
            default:
                reader.Skip();
                handler.OnEvent(TelemetryEvent.Create(EventKind.Unknown, context.TimestampMs, context.Charger, context.Version));
                return context.Version;
        }
    }

    public static void ParseResult<THandler>(
        ref Utf8JsonReader reader, OcppAction answered, in FrameContext context, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        if (answered != OcppAction.BootNotification)
        {
            reader.Skip();
            return;
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

        var result = TelemetryEvent.Create(EventKind.BootResult, context.TimestampMs, context.Charger, context.Version);
        result.Origin = context.FromCharger ? EventOrigin.Charger : EventOrigin.Csms;
        result.Value = interval;
        result.Detail = (byte)registration;
        handler.OnEvent(result);
    }

    private static OcppVersion ParseStatus<THandler>(ref Utf8JsonReader reader, in FrameContext context, ref THandler handler)
        where THandler : struct, IParseHandler
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
        handler.OnEvent(statusEvent);
        return version;
    }

    private static OcppVersion ParseBoot<THandler>(ref Utf8JsonReader reader, in FrameContext context, ref THandler handler)
        where THandler : struct, IParseHandler
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

        var version = Resolve(context.Version, sawV201Field);
        handler.OnEvent(TelemetryEvent.Create(EventKind.Boot, context.TimestampMs, context.Charger, version));
        return version;
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
