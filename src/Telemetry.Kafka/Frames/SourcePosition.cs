using System.Buffers.Binary;

namespace Telemetry.Kafka.Frames;

/// <summary>
/// Where an event on <c>telemetry.events</c> came from when it was parsed from a Kafka topic of
/// raw frames: the raw record's partition and offset, and the event's index among the events
/// that record gave. Carried in the header <see cref="HeaderName"/> so that a consumer can drop
/// the copies a re-delivery produces (ingest commits its raw offsets only after delivery, so a
/// crash re-parses records whose events were already sent).
/// </summary>
/// <remarks>
/// Header value, big-endian: partition (int32), offset (int64), index (uint16), then the raw
/// topic's name in UTF-8. Positions of one raw partition grow in (offset, index) order.
/// </remarks>
public readonly record struct SourcePosition(int Partition, long Offset, int Index)
{
    /// <summary>The header that carries the position.</summary>
    public const string HeaderName = "telemetry-source";

    /// <summary>Bytes before the topic name.</summary>
    public const int FixedLength = 14;

    /// <summary>True when this position comes after <paramref name="other"/> in the same raw partition.</summary>
    public bool IsAfter(SourcePosition other) => Offset > other.Offset || (Offset == other.Offset && Index > other.Index);

    /// <summary>Writes the fixed part of the header value; the topic name follows it.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, Partition);
        BinaryPrimitives.WriteInt64BigEndian(destination[4..], Offset);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], checked((ushort)Index));
    }

    /// <summary>Reads a header value; <paramref name="topic"/> is the raw topic's UTF-8 name within it.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out SourcePosition position, out ReadOnlySpan<byte> topic)
    {
        if (value.Length <= FixedLength)
        {
            position = default;
            topic = default;
            return false;
        }

        position = new SourcePosition(
            BinaryPrimitives.ReadInt32BigEndian(value),
            BinaryPrimitives.ReadInt64BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(value[12..]));
        topic = value[FixedLength..];
        return true;
    }
}
