using System.Buffers.Binary;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Codec;

/// <summary>
/// The record value of the <c>telemetry.events</c> topic: a version byte, a fixed little-endian
/// part and an optional length-prefixed UTF-8 text (schemas/events/telemetry-event-v1.md). The
/// charge point id is the record key, not part of the value. Interned text ids are local to a
/// process, so the text of <see cref="TelemetryEvent.TextCode"/> travels as text.
/// </summary>
public static class TelemetryEventCodec
{
    public const byte Version1 = 1;

    /// <summary>Length of a version 1 value without text: the fixed part and a text length of 0.</summary>
    public const int FixedLength = 30;

    /// <summary>Longest version 1 value: the fixed part and a text of <see cref="TextCodeRegistry.MaxTextBytes"/>.</summary>
    public const int MaxEncodedLength = FixedLength + TextCodeRegistry.MaxTextBytes;

    /// <summary>Length of the value the text-less <see cref="TryEncode(in TelemetryEvent, Span{byte}, out int)"/> writes.</summary>
    public const int EncodedLength = FixedLength;

    // Byte offsets of the version 1 layout.
    private const int VersionOffset = 0;
    private const int TimestampOffset = 1;
    private const int ValueOffset = 9;
    private const int Value2Offset = 13;
    private const int PortOffset = 17;
    private const int ConnectorOffset = 19;
    private const int KindOffset = 21;
    private const int StatusOffset = 22;
    private const int ErrorOffset = 23;
    private const int OcppVersionOffset = 24;
    private const int DetailOffset = 25;
    private const int ReasonOffset = 26;
    private const int OriginOffset = 27;
    private const int FlagsOffset = 28;
    private const int TextLengthOffset = 29;

    private const byte OfflineFlag = 0b01;
    private const byte ClearedFlag = 0b10;

    /// <summary>Writes <paramref name="e"/> without its text; the charger id is not written.</summary>
    /// <returns>False, writing nothing, when <paramref name="destination"/> is shorter than <see cref="FixedLength"/>.</returns>
    public static bool TryEncode(in TelemetryEvent e, Span<byte> destination, out int written) =>
        TryEncode(in e, ReadOnlySpan<byte>.Empty, destination, out written);

    /// <summary>Writes <paramref name="e"/> with the text of its <see cref="TelemetryEvent.TextCode"/> from <paramref name="textCodes"/>.</summary>
    /// <returns>False, writing nothing, when <paramref name="destination"/> is too short for the value.</returns>
    public static bool TryEncode(in TelemetryEvent e, TextCodeRegistry? textCodes, Span<byte> destination, out int written) =>
        TryEncode(in e, textCodes is null ? default : textCodes.Utf8TextOf(e.TextCode), destination, out written);

    /// <summary>Writes <paramref name="e"/> with <paramref name="text"/> (at most <see cref="TextCodeRegistry.MaxTextBytes"/>) as its text.</summary>
    public static bool TryEncode(in TelemetryEvent e, ReadOnlySpan<byte> text, Span<byte> destination, out int written)
    {
        var length = FixedLength + text.Length;
        if (text.Length > TextCodeRegistry.MaxTextBytes || destination.Length < length)
        {
            written = 0;
            return false;
        }

        // Writing the last fixed byte first lets the JIT drop the bounds checks of the others.
        destination[TextLengthOffset] = (byte)text.Length;
        destination[VersionOffset] = Version1;
        BinaryPrimitives.WriteInt64LittleEndian(destination[TimestampOffset..], e.TimestampMs);
        BinaryPrimitives.WriteInt32LittleEndian(destination[ValueOffset..], e.Value);
        BinaryPrimitives.WriteInt32LittleEndian(destination[Value2Offset..], e.Value2);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[PortOffset..], e.Port);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ConnectorOffset..], e.Connector);
        destination[KindOffset] = (byte)e.Kind;
        destination[StatusOffset] = (byte)e.Status;
        destination[ErrorOffset] = (byte)e.Error;
        destination[OcppVersionOffset] = (byte)e.Version;
        destination[DetailOffset] = e.Detail;
        destination[ReasonOffset] = e.Reason;
        destination[OriginOffset] = (byte)e.Origin;
        destination[FlagsOffset] = (byte)((e.Offline ? OfflineFlag : 0) | (e.Cleared ? ClearedFlag : 0));
        text.CopyTo(destination[FixedLength..]);
        written = length;
        return true;
    }

    /// <summary>Reads a value written by <see cref="TryEncode(in TelemetryEvent, TextCodeRegistry?, Span{byte}, out int)"/>.</summary>
    /// <param name="value">The record value.</param>
    /// <param name="charger">The interned id of the record key, stored in <see cref="TelemetryEvent.Charger"/>.</param>
    /// <param name="textCodes">Where the value's text is interned; its id goes to <see cref="TelemetryEvent.TextCode"/>.</param>
    /// <param name="e">The event; default unless the result is <see cref="EventDecodeStatus.Ok"/>.</param>
    public static EventDecodeStatus Decode(ReadOnlySpan<byte> value, int charger, TextCodeRegistry textCodes, out TelemetryEvent e)
    {
        ArgumentNullException.ThrowIfNull(textCodes);
        e = default;
        if (value.IsEmpty)
        {
            return EventDecodeStatus.Empty;
        }

        if (value[VersionOffset] != Version1)
        {
            return EventDecodeStatus.UnknownVersion;
        }

        if (value.Length < FixedLength || value.Length != FixedLength + value[TextLengthOffset])
        {
            return EventDecodeStatus.BadLength;
        }

        e.TimestampMs = BinaryPrimitives.ReadInt64LittleEndian(value[TimestampOffset..]);
        e.Charger = charger;
        e.Value = BinaryPrimitives.ReadInt32LittleEndian(value[ValueOffset..]);
        e.Value2 = BinaryPrimitives.ReadInt32LittleEndian(value[Value2Offset..]);
        e.Port = BinaryPrimitives.ReadUInt16LittleEndian(value[PortOffset..]);
        e.Connector = BinaryPrimitives.ReadUInt16LittleEndian(value[ConnectorOffset..]);
        e.Kind = (EventKind)value[KindOffset];
        e.Status = (ConnectorStatus)value[StatusOffset];
        e.Error = (ErrorCode)value[ErrorOffset];
        e.Version = (OcppVersion)value[OcppVersionOffset];
        e.Detail = value[DetailOffset];
        e.Reason = value[ReasonOffset];
        e.Origin = (EventOrigin)value[OriginOffset];
        e.Offline = (value[FlagsOffset] & OfflineFlag) != 0;
        e.Cleared = (value[FlagsOffset] & ClearedFlag) != 0;
        e.TextCode = textCodes.Intern(value[FixedLength..]);
        return EventDecodeStatus.Ok;
    }
}
