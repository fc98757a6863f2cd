using System.Buffers.Binary;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Codec;

/// <summary>
/// The record value of the <c>telemetry.events</c> topic: a version byte and a fixed
/// little-endian layout (schemas/events/telemetry-event-v1.md). The charge point id is the
/// record key, not part of the value.
/// </summary>
public static class TelemetryEventCodec
{
    public const byte Version1 = 1;

    /// <summary>Total length of a version 1 value, version byte included.</summary>
    public const int Version1Length = 23;

    /// <summary>Length of the value <see cref="TryEncode"/> writes.</summary>
    public const int EncodedLength = Version1Length;

    // Byte offsets of the version 1 layout.
    private const int VersionOffset = 0;
    private const int TimestampOffset = 1;
    private const int ValueOffset = 9;
    private const int PortOffset = 13;
    private const int ConnectorOffset = 15;
    private const int KindOffset = 17;
    private const int StatusOffset = 18;
    private const int ErrorOffset = 19;
    private const int OcppVersionOffset = 20;
    private const int DetailOffset = 21;
    private const int OriginOffset = 22;

    /// <summary>Writes <paramref name="e"/> as a version 1 value; the charger id is not written.</summary>
    /// <returns>False, writing nothing, when <paramref name="destination"/> is shorter than <see cref="EncodedLength"/>.</returns>
    public static bool TryEncode(in TelemetryEvent e, Span<byte> destination, out int written)
    {
        if (destination.Length < Version1Length)
        {
            written = 0;
            return false;
        }

        // Writing the last byte first lets the JIT drop the bounds checks of the others.
        destination[OriginOffset] = (byte)e.Origin;
        destination[VersionOffset] = Version1;
        BinaryPrimitives.WriteInt64LittleEndian(destination[TimestampOffset..], e.TimestampMs);
        BinaryPrimitives.WriteInt32LittleEndian(destination[ValueOffset..], e.Value);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[PortOffset..], e.Port);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ConnectorOffset..], e.Connector);
        destination[KindOffset] = (byte)e.Kind;
        destination[StatusOffset] = (byte)e.Status;
        destination[ErrorOffset] = (byte)e.Error;
        destination[OcppVersionOffset] = (byte)e.Version;
        destination[DetailOffset] = e.Detail;
        written = Version1Length;
        return true;
    }

    /// <summary>Reads a value written by <see cref="TryEncode"/>.</summary>
    /// <param name="value">The record value.</param>
    /// <param name="charger">The interned id of the record key, stored in <see cref="TelemetryEvent.Charger"/>.</param>
    /// <param name="e">The event; default unless the result is <see cref="EventDecodeStatus.Ok"/>.</param>
    public static EventDecodeStatus Decode(ReadOnlySpan<byte> value, int charger, out TelemetryEvent e)
    {
        e = default;
        if (value.IsEmpty)
        {
            return EventDecodeStatus.Empty;
        }

        if (value[VersionOffset] != Version1)
        {
            return EventDecodeStatus.UnknownVersion;
        }

        if (value.Length != Version1Length)
        {
            return EventDecodeStatus.BadLength;
        }

        e.TimestampMs = BinaryPrimitives.ReadInt64LittleEndian(value[TimestampOffset..]);
        e.Charger = charger;
        e.Value = BinaryPrimitives.ReadInt32LittleEndian(value[ValueOffset..]);
        e.Port = BinaryPrimitives.ReadUInt16LittleEndian(value[PortOffset..]);
        e.Connector = BinaryPrimitives.ReadUInt16LittleEndian(value[ConnectorOffset..]);
        e.Kind = (EventKind)value[KindOffset];
        e.Status = (ConnectorStatus)value[StatusOffset];
        e.Error = (ErrorCode)value[ErrorOffset];
        e.Version = (OcppVersion)value[OcppVersionOffset];
        e.Detail = value[DetailOffset];
        e.Origin = (EventOrigin)value[OriginOffset];
        return EventDecodeStatus.Ok;
    }
}
