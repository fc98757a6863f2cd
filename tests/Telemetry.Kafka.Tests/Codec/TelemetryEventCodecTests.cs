using System.Buffers.Binary;
using Telemetry.Kafka.Codec;
using Telemetry.Ocpp.Events;

namespace Telemetry.Kafka.Tests.Codec;

public class TelemetryEventCodecTests
{
    private const int Charger = 42;

    [Fact]
    public void Decode_ReturnsEncodedEvent_ForEveryKindStatusErrorAndVersion()
    {
        Span<byte> buffer = stackalloc byte[TelemetryEventCodec.EncodedLength];
        var count = 0;
        foreach (var kind in Enum.GetValues<EventKind>())
        {
            foreach (var status in Enum.GetValues<ConnectorStatus>())
            {
                foreach (var error in Enum.GetValues<ErrorCode>())
                {
                    foreach (var version in Enum.GetValues<OcppVersion>())
                    {
                        var e = new TelemetryEvent
                        {
                            TimestampMs = 1_700_000_000_000 + count,
                            Charger = Charger,
                            Value = -count,
                            Port = (ushort)count,
                            Connector = (ushort)(ushort.MaxValue - count),
                            Kind = kind,
                            Status = status,
                            Error = error,
                            Version = version,
                        };

                        Assert.True(TelemetryEventCodec.TryEncode(in e, buffer, out var written));
                        Assert.Equal(TelemetryEventCodec.EncodedLength, written);
                        Assert.Equal(EventDecodeStatus.Ok, TelemetryEventCodec.Decode(buffer, Charger, out var decoded));
                        Assert.Equal(e, decoded);
                        count++;
                    }
                }
            }
        }

        Assert.Equal(
            Enum.GetValues<EventKind>().Length * Enum.GetValues<ConnectorStatus>().Length
                * Enum.GetValues<ErrorCode>().Length * Enum.GetValues<OcppVersion>().Length,
            count);
    }

    [Theory]
    [InlineData(long.MinValue, int.MinValue, (ushort)0, (ushort)0)]
    [InlineData(long.MaxValue, int.MaxValue, ushort.MaxValue, ushort.MaxValue)]
    [InlineData(0L, 0, (ushort)1, (ushort)2)]
    public void Decode_ReturnsEncodedEvent_AtNumericLimits(long timestampMs, int value, ushort port, ushort connector)
    {
        var e = new TelemetryEvent
        {
            TimestampMs = timestampMs, Charger = 7, Value = value, Port = port, Connector = connector,
            Kind = EventKind.Meter, Status = ConnectorStatus.Charging, Error = ErrorCode.Unrecognised, Version = OcppVersion.V21,
            Detail = byte.MaxValue, Origin = EventOrigin.Csms,
        };
        var buffer = new byte[TelemetryEventCodec.EncodedLength];

        Assert.True(TelemetryEventCodec.TryEncode(in e, buffer, out _));

        Assert.Equal(EventDecodeStatus.Ok, TelemetryEventCodec.Decode(buffer, 7, out var decoded));
        Assert.Equal(e, decoded);
    }

    [Fact]
    public void TryEncode_WritesDocumentedLayout_ForVersion1()
    {
        // Offsets and widths from schemas/events/telemetry-event-v1.md.
        var e = new TelemetryEvent
        {
            TimestampMs = 0x0102030405060708, Charger = 99, Value = -2, Port = 0x0A0B, Connector = 0x0C0D,
            Kind = EventKind.Status, Status = ConnectorStatus.Faulted, Error = ErrorCode.GroundFailure, Version = OcppVersion.V201,
            Detail = 0xEE, Origin = EventOrigin.Csms,
        };
        var expected = new byte[23];
        expected[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(expected.AsSpan(1, 8), e.TimestampMs);
        BinaryPrimitives.WriteInt32LittleEndian(expected.AsSpan(9, 4), e.Value);
        BinaryPrimitives.WriteUInt16LittleEndian(expected.AsSpan(13, 2), e.Port);
        BinaryPrimitives.WriteUInt16LittleEndian(expected.AsSpan(15, 2), e.Connector);
        expected[17] = 3;
        expected[18] = 9;
        expected[19] = 4;
        expected[20] = 2;
        expected[21] = 0xEE;
        expected[22] = 1;
        var actual = new byte[32];

        Assert.True(TelemetryEventCodec.TryEncode(in e, actual, out var written));

        Assert.Equal(23, written);
        Assert.Equal(expected, actual[..written]);
        Assert.All(actual[written..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryEncode_ReturnsFalseAndWritesNothing_WhenDestinationTooShort()
    {
        var e = TelemetryEvent.Create(EventKind.Heartbeat, 1, 1, OcppVersion.V16);
        var buffer = new byte[TelemetryEventCodec.EncodedLength - 1];

        Assert.False(TelemetryEventCodec.TryEncode(in e, buffer, out var written));

        Assert.Equal(0, written);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData((byte)0)]
    [InlineData((byte)2)]
    [InlineData((byte)255)]
    public void Decode_ReturnsUnknownVersion_WhenVersionByteIsNot1(byte version)
    {
        var buffer = Encoded(TelemetryEvent.Create(EventKind.Boot, 5, 0, OcppVersion.V16));
        buffer[0] = version;

        Assert.Equal(EventDecodeStatus.UnknownVersion, TelemetryEventCodec.Decode(buffer, 0, out var decoded));
        Assert.Equal(default, decoded);
    }

    [Fact]
    public void Decode_ReturnsEmpty_WhenValueHasNoBytes()
    {
        Assert.Equal(EventDecodeStatus.Empty, TelemetryEventCodec.Decode([], 0, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(22)]
    [InlineData(24)]
    public void Decode_ReturnsBadLength_WhenVersion1ValueIsNot23Bytes(int length)
    {
        var buffer = new byte[length];
        buffer[0] = 1;

        Assert.Equal(EventDecodeStatus.BadLength, TelemetryEventCodec.Decode(buffer, 0, out _));
    }

    [Fact]
    public void TryEncode_AllocatesNothing_OverManyEvents()
    {
        var buffer = new byte[TelemetryEventCodec.EncodedLength];
        var e = TelemetryEvent.Create(EventKind.Status, 1_700_000_000_000, 3, OcppVersion.V16);
        TelemetryEventCodec.TryEncode(in e, buffer, out _);
        var sum = 0L;

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            e.TimestampMs++;
            e.Value = i;
            TelemetryEventCodec.TryEncode(in e, buffer, out var written);
            sum += written;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(100_000L * TelemetryEventCodec.EncodedLength, sum);
    }

    private static byte[] Encoded(TelemetryEvent e)
    {
        var buffer = new byte[TelemetryEventCodec.EncodedLength];
        Assert.True(TelemetryEventCodec.TryEncode(in e, buffer, out _));
        return buffer;
    }
}
