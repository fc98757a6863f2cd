using System.Text;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Csv;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Csv;

public partial class CsvCaptureReaderTests
{
    private const string Header = "timestamp,id,action,msg";
    private const string GoodBefore = "2026-03-01T12:00:00Z,CP-1,Heartbeat,\"[2, \"\"h1\"\", \"\"Heartbeat\"\", {}]\"";
    private const string GoodAfter = "2026-03-01T12:00:02Z,CP-1,Heartbeat,\"[2, \"\"h2\"\", \"\"Heartbeat\"\", {}]\"";

    [Theory]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat,\"[2, \"\"h9\"\", \"\"Heartbeat\"\", {}]", RejectReason.InvalidFrame)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat,\"[2, \"\"h9\"\", \"\"Heartbeat\"\", {}]\"x", RejectReason.InvalidFrame)]
    [InlineData("2026-03-01T12:00:01Z,CP\"1,Heartbeat,\"[2, \"\"h9\"\", \"\"Heartbeat\"\", {}]\"", RejectReason.InvalidFrame)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat,[2, \"h9\", \"Heartbeat\", {}]", RejectReason.InvalidFrame)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat,[2 4]", RejectReason.InvalidJson)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat,\"[2, \"\"h9\"\", \"\"Heartbeat\"\", {}] [1]\"", RejectReason.InvalidJson)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat,\"[2, \"\"h9\"\", \"\"Heartbeat\"\", {}\"", RejectReason.InvalidJson)]
    [InlineData(",CP-1,Heartbeat,\"[2, \"\"h9\"\", \"\"Heartbeat\"\", {}]\"", RejectReason.MissingTimestamp)]
    [InlineData("2026-03-01T12:00:01Z", RejectReason.MissingChargePoint)]
    [InlineData("2026-03-01 12:00:01,CP-1,Heartbeat,\"[2, \"\"h9\"\", \"\"Heartbeat\"\", {}]\"", RejectReason.InvalidTimestamp)]
    [InlineData("2026-03-01T12:00:01Z,,Heartbeat,\"[2, \"\"h9\"\", \"\"Heartbeat\"\", {}]\"", RejectReason.MissingChargePoint)]
    [InlineData("2026-03-01T12:00:01Z,CP-0123456789012345678901234567890123456789012345,Heartbeat,\"[2, \"\"h9\"\", \"\"Heartbeat\"\", {}]\"", RejectReason.InvalidChargePoint)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat,", RejectReason.MissingMessage)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat", RejectReason.MissingMessage)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat,\"{\"\"type\"\": 2}\"", RejectReason.InvalidFrame)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,Heartbeat,\"[7, \"\"h9\"\", \"\"Heartbeat\"\", {}]\"", RejectReason.UnknownMessageType)]
    [InlineData("2026-03-01T12:00:01Z,CP-1,StatusNotification,\"[2, \"\"s9\"\", \"\"StatusNotification\"\", {\"\"connectorId\"\": 1, \"\"status\"\": \"\"Broken\"\"}]\"", RejectReason.InvalidPayload)]
    public async Task ReadAsync_RejectsRowAndContinues_WhenRowUnusable(string bad, RejectReason reason)
    {
        var text = Header + "\n" + GoodBefore + "\n" + bad + "\n" + GoodAfter + "\n";

        var run = await CsvRun.ReadAsync(text);

        var rejection = Assert.Single(run.Log.Rejections);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(3, rejection.Line);
        Assert.Equal(Encoding.UTF8.GetByteCount(Header + "\n" + GoodBefore + "\n"), rejection.Offset);
        Assert.Equal(bad, rejection.Raw);
        Assert.Equal([EventKind.Heartbeat, EventKind.Heartbeat], run.Log.Events.ConvertAll(e => e.Kind));
        Assert.Equal(new CaptureReadResult(3, 1, Encoding.UTF8.GetByteCount(text)), run.Result);
    }

    [Fact]
    public async Task ReadAsync_RejectsRecordTooLarge_WhenRowSpansSeveralReads()
    {
        var oversized = "2026-03-01T12:00:01Z,CP-1,DataTransfer,\"[2, \"\"d1\"\", \"\"DataTransfer\"\", {\"\"data\"\": \"\"" + new string('x', 1000) + "\"\"}]\"";
        var bytes = Encoding.UTF8.GetBytes(Header + "\n" + GoodBefore + "\n" + oversized + "\n" + GoodAfter + "\n");
        var pipe = TapRun.InlinePipe();
        var run = new CsvRun(new CsvReaderOptions { MaxRecordBytes = 200 });
        var reading = run.ReadAsync(pipe.Reader);

        for (var start = 0; start < bytes.Length; start += 64)
        {
            await pipe.Writer.WriteAsync(bytes.AsMemory(start, Math.Min(64, bytes.Length - start)));
        }

        await pipe.Writer.CompleteAsync();
        await reading;

        var rejection = Assert.Single(run.Log.Rejections);
        Assert.Equal(RejectReason.RecordTooLarge, rejection.Reason);
        Assert.Equal(3, rejection.Line);
        Assert.StartsWith(oversized[..100], rejection.Raw, StringComparison.Ordinal);
        Assert.Equal([EventKind.Heartbeat, EventKind.Heartbeat], run.Log.Events.ConvertAll(e => e.Kind));
        Assert.Equal(new CaptureReadResult(3, 1, bytes.Length), run.Result);
    }

    [Theory]
    [InlineData("id,action,msg", "'timestamp'")]
    [InlineData("timestamp,action,msg", "'id'")]
    [InlineData("timestamp,id,msg", "'action'")]
    [InlineData("timestamp,id,action", "'msg'")]
    [InlineData("time,cp,frame", "'timestamp', 'id', 'action', 'msg'")]
    public async Task ReadAsync_ThrowsNamingColumn_WhenHeaderLacksColumn(string header, string named)
    {
        var run = new CsvRun();
        var input = System.IO.Pipelines.PipeReader.Create(new System.Buffers.ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(header + "\n" + GoodBefore + "\n")));

        var error = await Assert.ThrowsAsync<FormatException>(() => run.ReadAsync(input));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Empty(run.Log.Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n")]
    public async Task ReadAsync_ThrowsFormatException_WhenNoHeaderLine(string text)
    {
        await Assert.ThrowsAsync<FormatException>(() => CsvRun.ReadAsync(text));
    }

    [Fact]
    public async Task ReadAsync_ReadsHeader_WhenByteOrderMarkAndQuotedNames()
    {
        var text = "\uFEFF\"timestamp\", id ,ACTION,\"msg\"\n" + GoodBefore + "\n";

        var run = await CsvRun.ReadAsync(text);

        Assert.Equal(EventKind.Heartbeat, Assert.Single(run.Log.Events).Kind);
        Assert.Empty(run.Log.Rejections);
    }
}
