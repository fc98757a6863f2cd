using System.Buffers.Text;
using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Frames;

/// <summary>Readers of single payload values; each reads the value that follows a property name.</summary>
internal sealed partial class PayloadParser
{
    /// <summary>Interns the string value that follows; escaped strings are unescaped first so the text is the one sent.</summary>
    private ushort InternText(ref JsonScanner reader)
    {
        var raw = ReadString(ref reader);
        if (!reader.ValueIsEscaped)
        {
            return _texts.Intern(raw);
        }

        if (raw.Length > TextCodeRegistry.MaxTextBytes)
        {
            // Too long for the scratch buffer, and so not a code: the registry counts it as an overflow.
            return _texts.Intern(raw);
        }

        Span<byte> unescaped = stackalloc byte[TextCodeRegistry.MaxTextBytes];
        return _texts.Intern(unescaped[..reader.CopyString(unescaped)]);
    }

    private static ReadOnlySpan<byte> ReadString(ref JsonScanner reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }

        return reader.ValueSpan;
    }

    private static bool ReadBool(ref JsonScanner reader)
    {
        if (!reader.Read() || reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }

        return reader.TokenType == JsonTokenType.True;
    }

    private static int ReadInt(ref JsonScanner reader)
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

    /// <summary>Reads an energy register in Wh (1.6 meterStart/meterStop) and keeps its low 32 bits, see <see cref="TelemetryEvent"/>.</summary>
    private static int ReadWh(ref JsonScanner reader)
    {
        if (!reader.Read())
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            return unchecked((int)number);
        }

        if (reader.TokenType == JsonTokenType.String
            && Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out var consumed)
            && consumed == reader.ValueSpan.Length)
        {
            return unchecked((int)parsed);
        }

        return ThrowHelper.ThrowMalformed<int>(RejectReason.InvalidPayload);
    }

    /// <summary>Reads a number, or a number sent as a string (1.6 sampled values are strings); false, with the value consumed, when it is neither.</summary>
    private static bool TryReadNumber(ref JsonScanner reader, out double value)
    {
        if (!reader.Read())
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }

        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetDouble(out value);
        }

        if (reader.TokenType == JsonTokenType.String && DecimalText.TryParse(reader.ValueSpan, out value))
        {
            return true;
        }

        // Signed data or a vendor's text: not a reading, but not a broken frame either.
        reader.Skip();
        value = 0;
        return false;
    }

    private static ushort ToPort(int id) =>
        id is >= 0 and <= ushort.MaxValue ? (ushort)id : ThrowHelper.ThrowMalformed<ushort>(RejectReason.InvalidPayload);

    private static void ExpectObject(ref JsonScanner reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }
    }

    private static void ExpectArray(ref JsonScanner reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidPayload);
        }
    }

    /// <summary>Reads a 2.0.1 EVSEType object: <c>id</c> and the optional <c>connectorId</c>.</summary>
    private static void ReadEvse(ref JsonScanner reader, out int evseId, out int connectorId)
    {
        ExpectObject(ref reader);
        evseId = -1;
        connectorId = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                evseId = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("connectorId"u8))
            {
                connectorId = ReadInt(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static OcppVersion Resolve(OcppVersion known, bool sawV201Field) =>
        known != OcppVersion.Unknown ? known : sawV201Field ? OcppVersion.V201 : OcppVersion.V16;
}
