using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Tap;

/// <summary>
/// UTF-8 is checked where the scanner meets non-ASCII bytes, not up front: a record that is not
/// UTF-8 must still be refused as <see cref="RejectReason.NotUtf8"/> wherever the bad bytes are,
/// even when the record is broken in another way first.
/// </summary>
public class TapRecordParserUtf8Tests
{
    private const byte Invalid = 0xFF;

    public static TheoryData<string> Records() =>
    [
        // Bad byte outside any string: between tokens, after the record, inside a number.
        """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1",#"dir":"rx","msg":[2,"h1","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartbeat",{}]}#""",
        """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"m1","MeterValues",{"connectorId":1#}]}""",
        // Bad byte in a string after the field that already fails: a bad timestamp, a missing charge point.
        """{"ts":"2026-02-30T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartbeat",{"x":"#"}]}""",
        """{"ts":"2026-03-01T12:00:00Z","dir":"rx","msg":[2,"h1","Heartbeat",{"x":"#"}]}""",
        // Bad byte in the head the compact layout reads without the scanner.
        """{"ts":"2026-03-01T12:00:00#Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:00Z","cp":"CP-#","dir":"rx","msg":[2,"h1","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"r#","msg":[2,"h1","Heartbeat",{}]}""",
        // Bad byte in a payload string the engine skips, and in an unknown action's payload.
        """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartbeat",{"vendor":"#"}]}""",
        """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"d1","DataTransfer",{"data":"a#b"}]}""",
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Parse_ThrowsNotUtf8_WhereverTheBadByteIs(string record)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(record);
        bytes[Array.IndexOf(bytes, (byte)'#')] = Invalid;
        var parser = NewParser();
        var handler = new RecordingHandler(new ParseLog());

        var e = Assert.Throws<MalformedRecordException>(() => parser.Parse(bytes, ref handler));

        Assert.Equal(RejectReason.NotUtf8, e.Reason);
    }

    [Fact]
    public void Parse_KeepsTheReason_WhenARecordWithoutUtf8ProblemsIsRefused()
    {
        var parser = NewParser();
        var handler = new RecordingHandler(new ParseLog());

        var e = Assert.Throws<MalformedRecordException>(() => parser.Parse(
            """{"ts":"2026-02-30T12:00:00Z","cp":"CP-é","dir":"rx","msg":[2,"h1","Heartbeat",{}]}"""u8, ref handler));

        Assert.Equal(RejectReason.InvalidTimestamp, e.Reason);
    }

    [Fact]
    public void Parse_ReadsNonAsciiText_WhenItIsUtf8()
    {
        var parser = NewParser();
        var log = new ParseLog();
        var handler = new RecordingHandler(log);

        parser.Parse("""{"ts":"2026-03-01T12:00:00Z","cp":"Borne-É1","dir":"rx","msg":[2,"h1","Heartbeat",{"vendor":"Société"}]}"""u8, ref handler);

        var e = Assert.Single(log.Events);
        Assert.Equal(EventKind.Heartbeat, e.Kind);
        Assert.Equal("Borne-É1", parser.Chargers.NameOf(e.Charger));
    }

    private static TapRecordParser NewParser() =>
        new(new ChargerRegistry(), new PendingCalls(16, TimeSpan.FromMinutes(5)));
}
