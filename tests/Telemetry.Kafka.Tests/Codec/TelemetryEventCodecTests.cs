using System.Buffers.Binary;
using System.Text;
using Telemetry.Kafka.Codec;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Kafka.Tests.Codec;

public class TelemetryEventCodecTests
{
    private const int Charger = 42;

    [Fact]
    public void Decode_ReturnsEncodedEvent_ForEveryKindStatusErrorAndVersion()
    {
        Span<byte> buffer = stackalloc byte[TelemetryEventCodec.EncodedLength];
        var texts = new TextCodeRegistry();
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
                            Value2 = count * 3,
                            Port = (ushort)count,
                            Connector = (ushort)(ushort.MaxValue - count),
                            Kind = kind,
                            Status = status,
                            Error = error,
                            Version = version,
                            Detail = (byte)count,
                            Reason = (byte)(count >> 3),
                            Origin = (count & 1) == 0 ? EventOrigin.Charger : EventOrigin.Csms,
                            Offline = (count & 2) != 0,
                            Cleared = (count & 4) != 0,
                        };

                        Assert.True(TelemetryEventCodec.TryEncode(in e, buffer, out var written));
                        Assert.Equal(TelemetryEventCodec.EncodedLength, written);
                        Assert.Equal(EventDecodeStatus.Ok, TelemetryEventCodec.Decode(buffer, Charger, texts, out var decoded));
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
        Assert.Equal(0, texts.Count);
    }

    [Theory]
    [InlineData(long.MinValue, int.MinValue, int.MaxValue, (ushort)0, (ushort)0)]
    [InlineData(long.MaxValue, int.MaxValue, int.MinValue, ushort.MaxValue, ushort.MaxValue)]
    [InlineData(0L, 0, 0, (ushort)1, (ushort)2)]
    public void Decode_ReturnsEncodedEvent_AtNumericLimits(long timestampMs, int value, int value2, ushort port, ushort connector)
    {
        var e = new TelemetryEvent
        {
            TimestampMs = timestampMs, Charger = 7, Value = value, Value2 = value2, Port = port, Connector = connector,
            Kind = EventKind.Meter, Status = ConnectorStatus.Charging, Error = ErrorCode.Unrecognised, Version = OcppVersion.V21,
            Detail = byte.MaxValue, Reason = byte.MaxValue, Origin = EventOrigin.Csms, Offline = true, Cleared = true,
        };
        var buffer = new byte[TelemetryEventCodec.EncodedLength];

        Assert.True(TelemetryEventCodec.TryEncode(in e, buffer, out _));

        Assert.Equal(EventDecodeStatus.Ok, TelemetryEventCodec.Decode(buffer, 7, new TextCodeRegistry(), out var decoded));
        Assert.Equal(e, decoded);
    }

    [Fact]
    public void Decode_InternsTextIntoCallersRegistry_WhenEncodedWithTextCode()
    {
        var producerTexts = new TextCodeRegistry();
        producerTexts.Intern("other"u8);
        var code = producerTexts.Intern("OverheatCabinet/Temperature/E42"u8);
        var e = TelemetryEvent.Create(EventKind.Alert, 1_700_000_000_000, 5, OcppVersion.V201);
        e.TextCode = code;
        e.Cleared = true;
        var buffer = new byte[TelemetryEventCodec.MaxEncodedLength];
        var consumerTexts = new TextCodeRegistry();

        Assert.True(TelemetryEventCodec.TryEncode(in e, producerTexts, buffer, out var written));
        var status = TelemetryEventCodec.Decode(buffer.AsSpan(0, written), 5, consumerTexts, out var decoded);

        Assert.Equal(EventDecodeStatus.Ok, status);
        Assert.Equal(TelemetryEventCodec.FixedLength + 31, written);
        Assert.Equal("OverheatCabinet/Temperature/E42", consumerTexts.TextOf(decoded.TextCode));
        // Ids are process-local: the consumer's registry numbers its first text on its own.
        Assert.NotEqual(code, decoded.TextCode);
        Assert.Equal(e with { TextCode = decoded.TextCode }, decoded);
    }

    [Fact]
    public void Decode_ReturnsSameTextCode_WhenTextRepeats()
    {
        var texts = new TextCodeRegistry();
        var code = texts.Intern("txn-0001"u8);
        var e = TelemetryEvent.Create(EventKind.SessionStopped, 1, 1, OcppVersion.V201);
        e.TextCode = code;
        var buffer = new byte[TelemetryEventCodec.MaxEncodedLength];
        var consumerTexts = new TextCodeRegistry();

        TelemetryEventCodec.TryEncode(in e, texts, buffer, out var written);
        TelemetryEventCodec.Decode(buffer.AsSpan(0, written), 1, consumerTexts, out var first);
        TelemetryEventCodec.Decode(buffer.AsSpan(0, written), 1, consumerTexts, out var second);

        Assert.Equal(first.TextCode, second.TextCode);
        Assert.Equal(1, consumerTexts.Count);
    }

    [Fact]
    public void TryEncode_WritesDocumentedLayout_ForVersion1()
    {
        // Offsets and widths from schemas/events/telemetry-event-v1.md.
        var texts = new TextCodeRegistry();
        var e = new TelemetryEvent
        {
            TimestampMs = 0x0102030405060708, Charger = 99, Value = -2, Value2 = 0x11223344, Port = 0x0A0B, Connector = 0x0C0D,
            Kind = EventKind.Status, Status = ConnectorStatus.Faulted, Error = ErrorCode.GroundFailure, Version = OcppVersion.V201,
            Detail = 0xEE, Reason = 0xDD, Origin = EventOrigin.Csms, Offline = true, Cleared = true, TextCode = texts.Intern("E17"u8),
        };
        var expected = new byte[33];
        expected[0] = 1;
        BinaryPrimitives.WriteInt64LittleEndian(expected.AsSpan(1, 8), e.TimestampMs);
        BinaryPrimitives.WriteInt32LittleEndian(expected.AsSpan(9, 4), e.Value);
        BinaryPrimitives.WriteInt32LittleEndian(expected.AsSpan(13, 4), e.Value2);
        BinaryPrimitives.WriteUInt16LittleEndian(expected.AsSpan(17, 2), e.Port);
        BinaryPrimitives.WriteUInt16LittleEndian(expected.AsSpan(19, 2), e.Connector);
        expected[21] = 3;
        expected[22] = 9;
        expected[23] = 4;
        expected[24] = 2;
        expected[25] = 0xEE;
        expected[26] = 0xDD;
        expected[27] = 1;
        expected[28] = 0b11;
        expected[29] = 3;
        "E17"u8.CopyTo(expected.AsSpan(30));
        var actual = new byte[40];

        Assert.True(TelemetryEventCodec.TryEncode(in e, texts, actual, out var written));

        Assert.Equal(33, written);
        Assert.Equal(expected, actual[..written]);
        Assert.All(actual[written..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryEncode_WritesNoText_WhenTextCodeIsOverflow()
    {
        var texts = new TextCodeRegistry(capacity: 1);
        texts.Intern("first"u8);
        var e = TelemetryEvent.Create(EventKind.SecurityEvent, 1, 1, OcppVersion.V16);
        e.TextCode = texts.Intern("second"u8);
        var buffer = new byte[TelemetryEventCodec.MaxEncodedLength];

        Assert.Equal(TextCodeRegistry.Overflow, e.TextCode);
        Assert.True(TelemetryEventCodec.TryEncode(in e, texts, buffer, out var written));

        Assert.Equal(TelemetryEventCodec.FixedLength, written);
        Assert.Equal(0, buffer[29]);
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

    [Fact]
    public void TryEncode_ReturnsFalseAndWritesNothing_WhenTextDoesNotFit()
    {
        var texts = new TextCodeRegistry();
        var e = TelemetryEvent.Create(EventKind.SecurityEvent, 1, 1, OcppVersion.V16);
        e.TextCode = texts.Intern("FirmwareUpdated"u8);
        var buffer = new byte[TelemetryEventCodec.FixedLength + 14];

        Assert.False(TelemetryEventCodec.TryEncode(in e, texts, buffer, out var written));

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

        Assert.Equal(EventDecodeStatus.UnknownVersion, TelemetryEventCodec.Decode(buffer, 0, new TextCodeRegistry(), out var decoded));
        Assert.Equal(default, decoded);
    }

    [Fact]
    public void Decode_ReturnsEmpty_WhenValueHasNoBytes()
    {
        Assert.Equal(EventDecodeStatus.Empty, TelemetryEventCodec.Decode([], 0, new TextCodeRegistry(), out _));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(29, 0)]
    [InlineData(31, 0)]
    [InlineData(33, 2)]
    [InlineData(33, 4)]
    public void Decode_ReturnsBadLength_WhenLengthDisagreesWithTextLength(int length, byte textLength)
    {
        var buffer = new byte[length];
        buffer[0] = 1;
        if (length > 29)
        {
            buffer[29] = textLength;
        }

        Assert.Equal(EventDecodeStatus.BadLength, TelemetryEventCodec.Decode(buffer, 0, new TextCodeRegistry(), out _));
    }

    [Fact]
    public void TryEncode_AllocatesNothing_OverManyEventsWithText()
    {
        var texts = new TextCodeRegistry();
        var codes = new[] { texts.Intern("GroundFault"u8), texts.Intern("txn-12345678"u8), TextCodeRegistry.None };
        var buffer = new byte[TelemetryEventCodec.MaxEncodedLength];
        var e = TelemetryEvent.Create(EventKind.Status, 1_700_000_000_000, 3, OcppVersion.V16);
        TelemetryEventCodec.TryEncode(in e, texts, buffer, out _);
        var sum = 0L;

        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < 100_000; i++)
            {
                e.TimestampMs++;
                e.Value = i;
                e.TextCode = codes[i % codes.Length];
                TelemetryEventCodec.TryEncode(in e, texts, buffer, out var written);
                sum += written;
            }
        });

        Assert.Equal(0, allocated);
        var perCycle = (3L * TelemetryEventCodec.FixedLength) + Encoding.UTF8.GetByteCount("GroundFault") + Encoding.UTF8.GetByteCount("txn-12345678");
        var perRun = (100_000 / 3 * perCycle) + TelemetryEventCodec.FixedLength + 11;
        Assert.Equal(AllocationMeter.DefaultRuns * perRun, sum);
    }

    private static byte[] Encoded(TelemetryEvent e)
    {
        var buffer = new byte[TelemetryEventCodec.EncodedLength];
        Assert.True(TelemetryEventCodec.TryEncode(in e, buffer, out _));
        return buffer;
    }
}
