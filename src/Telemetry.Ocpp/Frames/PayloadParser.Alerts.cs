using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Frames;

/// <summary>2.0.1 NotifyEvent: the device model's alerts.</summary>
internal sealed partial class PayloadParser
{
    private const byte Separator = (byte)'/';

    /// <summary>Longest alert text: component, variable and techCode names are at most 50 characters each (2.0.1 schema).</summary>
    private const int MaxAlertText = TextCodeRegistry.MaxTextBytes;

    /// <summary>Scratch room for one name: 50 characters of at most 2 UTF-8 bytes each in practice, with room to spare.</summary>
    private const int MaxNameBytes = 120;

    /// <summary>
    /// One Alert per eventData item: Detail = trigger, Cleared = cleared, Value = eventId,
    /// Value2 = cause (the eventId of the event that caused it, −1 when none), Port/Connector =
    /// the component's EVSE, TextCode = "component/variable", or "component/variable/techCode"
    /// when the charger gives a technical code: the identity of the alarm, which repeats.
    /// </summary>
    private void ParseNotifyEvent(ref JsonScanner reader, in FrameContext context)
    {
        var version = Resolve(context.Version, sawV201Field: true);
        var items = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("eventData"u8))
            {
                reader.Skip();
                continue;
            }

            ExpectArray(ref reader);
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                ReadEventData(ref reader, context, version);
                items++;
            }
        }

        RequireCode(items > 0);
    }

    private void ReadEventData(ref JsonScanner reader, in FrameContext context, OcppVersion version)
    {
        var e = New(EventKind.Alert, context, version);
        e.Value2 = -1;
        var hasEventId = false;
        var evseId = 0;
        var connectorId = 0;
        Span<byte> component = stackalloc byte[MaxNameBytes];
        Span<byte> variable = stackalloc byte[MaxNameBytes];
        Span<byte> techCode = stackalloc byte[MaxNameBytes];
        var componentLength = 0;
        var variableLength = 0;
        var techCodeLength = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventId"u8))
            {
                e.Value = ReadInt(ref reader);
                hasEventId = true;
            }
            else if (reader.ValueTextEquals("trigger"u8))
            {
                e.Detail = (byte)OcppVocabulary.AlertTrigger(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("cause"u8))
            {
                e.Value2 = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("cleared"u8))
            {
                e.Cleared = ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("techCode"u8))
            {
                techCodeLength = CopyName(ref reader, techCode);
            }
            else if (reader.ValueTextEquals("component"u8))
            {
                componentLength = ReadNamed(ref reader, component, out evseId, out connectorId);
            }
            else if (reader.ValueTextEquals("variable"u8))
            {
                variableLength = ReadNamed(ref reader, variable, out _, out _);
            }
            else
            {
                reader.Skip();
            }
        }

        RequireCode(hasEventId && e.Detail != 0 && componentLength > 0 && variableLength > 0);
        e.Port = ToPort(evseId);
        e.Connector = ToPort(connectorId);
        e.TextCode = InternAlert(component[..componentLength], variable[..variableLength], techCode[..techCodeLength]);
        Add(e);
    }

    /// <summary>Reads a ComponentType or VariableType: its <c>name</c> (copied into <paramref name="name"/>; returns its length) and, for a component, its EVSE.</summary>
    private static int ReadNamed(ref JsonScanner reader, scoped Span<byte> name, out int evseId, out int connectorId)
    {
        ExpectObject(ref reader);
        var length = 0;
        evseId = 0;
        connectorId = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                length = CopyName(ref reader, name);
            }
            else if (reader.ValueTextEquals("evse"u8))
            {
                ReadEvse(ref reader, out evseId, out connectorId);
            }
            else
            {
                reader.Skip();
            }
        }

        return length;
    }

    /// <summary>Copies the string value that follows, unescaped, into <paramref name="destination"/>; returns its length.</summary>
    private static int CopyName(ref JsonScanner reader, scoped Span<byte> destination)
    {
        var raw = ReadString(ref reader);
        if (!reader.ValueIsEscaped)
        {
            return raw.TryCopyTo(destination) ? raw.Length : ThrowHelper.ThrowMalformed<int>(RejectReason.InvalidPayload);
        }

        // Unescaping never lengthens a string.
        return raw.Length <= destination.Length ? reader.CopyString(destination) : ThrowHelper.ThrowMalformed<int>(RejectReason.InvalidPayload);
    }

    private ushort InternAlert(ReadOnlySpan<byte> component, ReadOnlySpan<byte> variable, ReadOnlySpan<byte> techCode)
    {
        var length = component.Length + 1 + variable.Length + (techCode.IsEmpty ? 0 : 1 + techCode.Length);
        if (length > MaxAlertText)
        {
            return ThrowHelper.ThrowMalformed<ushort>(RejectReason.InvalidPayload);
        }

        Span<byte> text = stackalloc byte[MaxAlertText];
        component.CopyTo(text);
        var at = component.Length;
        text[at++] = Separator;
        variable.CopyTo(text[at..]);
        at += variable.Length;
        if (!techCode.IsEmpty)
        {
            text[at++] = Separator;
            techCode.CopyTo(text[at..]);
            at += techCode.Length;
        }

        return _texts.Intern(text[..at]);
    }
}
