using System.Buffers.Binary;
using Telemetry.Kafka.Codec;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Signals;

/// <summary>
/// The record value of the decisions topic: a version byte, the kind, the little-endian
/// <see cref="DecisionPosition"/>, then the payload. Event payloads are the charge point id
/// (length-prefixed UTF-8: charger ids are local to a process) and the events codec's value;
/// watermark payloads one little-endian Unix-ms time; signal payloads are opaque here.
/// </summary>
public static class DecisionCodec
{
    public const byte Version1 = 1;

    /// <summary>Bytes before the payload.</summary>
    public const int HeaderLength = 18;

    /// <summary>Longest charge point id an event payload carries, in UTF-8 bytes.</summary>
    public const int MaxChargePointBytes = 255;

    private const int KindOffset = 1;
    private const int PartitionOffset = 2;
    private const int OffsetOffset = 6;
    private const int IndexOffset = 14;

    /// <summary>Writes the header; the payload goes from <see cref="HeaderLength"/> on.</summary>
    public static void WriteHeader(Span<byte> destination, DecisionRecordKind kind, DecisionPosition position)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HeaderLength);
        destination[0] = Version1;
        destination[KindOffset] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(destination[PartitionOffset..], position.SourcePartition);
        BinaryPrimitives.WriteInt64LittleEndian(destination[OffsetOffset..], position.SourceOffset);
        BinaryPrimitives.WriteInt32LittleEndian(destination[IndexOffset..], position.Index);
    }

    /// <summary>A complete record with an opaque payload (e.g. a signal's JSON).</summary>
    public static byte[] Encode(DecisionRecordKind kind, DecisionPosition position, ReadOnlySpan<byte> payload)
    {
        var value = new byte[HeaderLength + payload.Length];
        WriteHeader(value, kind, position);
        payload.CopyTo(value.AsSpan(HeaderLength));
        return value;
    }

    /// <summary>A watermark record: no later record of <see cref="DecisionPosition.SourcePartition"/> is dated before <paramref name="eventTimeMs"/>.</summary>
    public static byte[] EncodeWatermark(DecisionPosition position, long eventTimeMs)
    {
        var value = new byte[HeaderLength + sizeof(long)];
        WriteHeader(value, DecisionRecordKind.Watermark, position);
        BinaryPrimitives.WriteInt64LittleEndian(value.AsSpan(HeaderLength), eventTimeMs);
        return value;
    }

    /// <summary>An event or authorisation-result record carrying <paramref name="e"/> of charger <paramref name="chargePoint"/>.</summary>
    public static byte[] EncodeEvent(DecisionRecordKind kind, DecisionPosition position, ReadOnlySpan<byte> chargePoint, in TelemetryEvent e, TextCodeRegistry? textCodes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chargePoint.Length, MaxChargePointBytes);
        Span<byte> encoded = stackalloc byte[TelemetryEventCodec.MaxEncodedLength];
        TelemetryEventCodec.TryEncode(in e, textCodes, encoded, out var length);
        var value = new byte[HeaderLength + 1 + chargePoint.Length + length];
        WriteHeader(value, kind, position);
        value[HeaderLength] = (byte)chargePoint.Length;
        chargePoint.CopyTo(value.AsSpan(HeaderLength + 1));
        encoded[..length].CopyTo(value.AsSpan(HeaderLength + 1 + chargePoint.Length));
        return value;
    }

    /// <summary>Reads the header.</summary>
    /// <returns>False when the value is too short or of another version.</returns>
    public static bool TryReadHeader(ReadOnlySpan<byte> value, out DecisionRecordKind kind, out DecisionPosition position)
    {
        if (value.Length < HeaderLength || value[0] != Version1 || value[KindOffset] is < (byte)DecisionRecordKind.Signal or > (byte)DecisionRecordKind.Watermark)
        {
            kind = default;
            position = default;
            return false;
        }

        kind = (DecisionRecordKind)value[KindOffset];
        position = new DecisionPosition(
            BinaryPrimitives.ReadInt32LittleEndian(value[PartitionOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(value[OffsetOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(value[IndexOffset..]));
        return true;
    }

    /// <summary>The payload of a record whose header <see cref="TryReadHeader"/> accepted.</summary>
    public static ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> value) => value[HeaderLength..];

    /// <summary>Reads a watermark payload.</summary>
    public static bool TryReadWatermark(ReadOnlySpan<byte> value, out long eventTimeMs)
    {
        if (value.Length != HeaderLength + sizeof(long))
        {
            eventTimeMs = 0;
            return false;
        }

        eventTimeMs = BinaryPrimitives.ReadInt64LittleEndian(value[HeaderLength..]);
        return true;
    }

    /// <summary>Reads an event payload: the charger is interned in <paramref name="chargers"/>, its text in <paramref name="textCodes"/>.</summary>
    public static bool TryReadEvent(ReadOnlySpan<byte> value, ChargerRegistry chargers, TextCodeRegistry textCodes, out TelemetryEvent e)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(textCodes);
        e = default;
        var payload = value.Length > HeaderLength ? value[HeaderLength..] : default;
        if (payload.IsEmpty || payload.Length < 1 + payload[0])
        {
            return false;
        }

        var charger = chargers.Intern(payload.Slice(1, payload[0]));
        return charger >= 0 && TelemetryEventCodec.Decode(payload[(1 + payload[0])..], charger, textCodes, out e) == EventDecodeStatus.Ok;
    }
}
