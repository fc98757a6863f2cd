using System.Text;
using Confluent.Kafka;
using Telemetry.Kafka.Codec;
using Telemetry.Ocpp.Events;
using Telemetry.Testing;

namespace Telemetry.Kafka.Tests.Codec;

public class EventDeserializersTests
{
    private static readonly SerializationContext s_value = new(MessageComponentType.Value, "telemetry.events");
    private static readonly SerializationContext s_key = new(MessageComponentType.Key, "telemetry.events");

    [Fact]
    public void Deserialize_ReturnsTheEncodedEventWithItsText_AndChargerLeftZero()
    {
        var texts = new TextCodeRegistry();
        var e = new TelemetryEvent
        {
            TimestampMs = 1_700_000_123_456,
            Charger = 9,
            Value = -5,
            Value2 = 77,
            Port = 2,
            Connector = 1,
            Kind = EventKind.Status,
            Status = ConnectorStatus.Faulted,
            Error = Telemetry.Ocpp.Events.ErrorCode.GroundFailure,
            Offline = true,
        };
        var buffer = new byte[TelemetryEventCodec.MaxEncodedLength];
        Assert.True(TelemetryEventCodec.TryEncode(in e, "relay stuck"u8, buffer, out var written));

        var decoded = new EventValueDeserializer(texts).Deserialize(buffer.AsSpan(0, written), isNull: false, s_value);

        Assert.Equal(EventDecodeStatus.Ok, decoded.Status);
        Assert.Equal(0, decoded.Event.Charger);
        Assert.Equal(e.TimestampMs, decoded.Event.TimestampMs);
        Assert.Equal(e.Value, decoded.Event.Value);
        Assert.Equal(e.Value2, decoded.Event.Value2);
        Assert.Equal(e.Port, decoded.Event.Port);
        Assert.Equal(e.Kind, decoded.Event.Kind);
        Assert.Equal(e.Status, decoded.Event.Status);
        Assert.Equal(e.Error, decoded.Event.Error);
        Assert.True(decoded.Event.Offline);
        Assert.Equal("relay stuck"u8.ToArray(), texts.Utf8TextOf(decoded.Event.TextCode).ToArray());
    }

    [Theory]
    [InlineData(new byte[0], EventDecodeStatus.Empty)]
    [InlineData(new byte[] { 99, 0, 0 }, EventDecodeStatus.UnknownVersion)]
    [InlineData(new byte[] { TelemetryEventCodec.Version1, 0, 0 }, EventDecodeStatus.BadLength)]
    public void Deserialize_ReportsTheStatus_WhenTheValueDoesNotDecode(byte[] value, EventDecodeStatus expected)
    {
        var decoded = new EventValueDeserializer(new TextCodeRegistry()).Deserialize(value, isNull: value.Length == 0, s_value);

        Assert.Equal(expected, decoded.Status);
    }

    [Fact]
    public void Deserialize_InternsTheKey_SameIdForTheSameCharger()
    {
        var chargers = new ChargerRegistry();
        var keys = new ChargerKeyDeserializer(chargers);

        var first = keys.Deserialize(Encoding.UTF8.GetBytes("CP-001"), isNull: false, s_key);
        var second = keys.Deserialize(Encoding.UTF8.GetBytes("CP-002"), isNull: false, s_key);
        var again = keys.Deserialize(Encoding.UTF8.GetBytes("CP-001"), isNull: false, s_key);

        Assert.NotEqual(first, second);
        Assert.Equal(first, again);
        Assert.Equal("CP-001", chargers.NameOf(first));
    }

    [Fact]
    public void Deserialize_ReturnsMinusOne_WhenTheKeyIsMissing()
    {
        var keys = new ChargerKeyDeserializer(new ChargerRegistry());

        Assert.Equal(-1, keys.Deserialize(ReadOnlySpan<byte>.Empty, isNull: true, s_key));
    }

    [Fact]
    public void Deserialize_AllocatesNothing_ForAKnownKeyAndAKnownText()
    {
        var chargers = new ChargerRegistry();
        var texts = new TextCodeRegistry();
        var keys = new ChargerKeyDeserializer(chargers);
        var values = new EventValueDeserializer(texts);
        var key = Encoding.UTF8.GetBytes("CP-001");
        var value = new byte[TelemetryEventCodec.MaxEncodedLength];
        var e = new TelemetryEvent { TimestampMs = 1_700_000_000_000, Kind = EventKind.Heartbeat };
        Assert.True(TelemetryEventCodec.TryEncode(in e, "ok"u8, value, out var written));
        var encoded = value.AsSpan(0, written);
        var first = keys.Deserialize(key, isNull: false, s_key) + values.Deserialize(encoded, isNull: false, s_value).Event.TextCode;
        var sum = 0;

        var allocated = AllocationMeter.FewestBytes(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                sum += keys.Deserialize(key, isNull: false, s_key) + values.Deserialize(value.AsSpan(0, written), isNull: false, s_value).Event.TextCode;
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(first * 1000 * AllocationMeter.DefaultRuns, sum);
    }
}
