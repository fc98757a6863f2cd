using System.IO.Pipelines;
using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Tap;

public partial class TapReaderTests
{
    private const string GoodBefore = """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartbeat",{}]}""";
    private const string GoodAfter = """{"ts":"2026-03-01T12:00:01Z","cp":"CP-1","event":"disconnected"}""";

    [Theory]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1",""", RejectReason.InvalidJson)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z" "cp":"CP-1"}""", RejectReason.InvalidJson)]
    [InlineData("""[1,2]""", RejectReason.NotAnObject)]
    [InlineData("""42""", RejectReason.NotAnObject)]
    [InlineData("""{"cp":"CP-1","dir":"rx","msg":[2,"h2","Heartbeat",{}]}""", RejectReason.MissingTimestamp)]
    [InlineData("""{"ts":"2026-13-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h2","Heartbeat",{}]}""", RejectReason.InvalidTimestamp)]
    [InlineData("""{"ts":1772366400000,"cp":"CP-1","dir":"rx","msg":[2,"h2","Heartbeat",{}]}""", RejectReason.InvalidTimestamp)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","dir":"rx","msg":[2,"h2","Heartbeat",{}]}""", RejectReason.MissingChargePoint)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-0123456789012345678901234567890123456789012345","dir":"rx","msg":[2,"h2","Heartbeat",{}]}""", RejectReason.InvalidChargePoint)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"","dir":"rx","msg":[2,"h2","Heartbeat",{}]}""", RejectReason.InvalidChargePoint)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx"}""", RejectReason.MissingMessage)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","msg":[2,"h2","Heartbeat",{}]}""", RejectReason.MissingMessage)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"up","msg":[2,"h2","Heartbeat",{}]}""", RejectReason.InvalidDirection)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":{"type":2}}""", RejectReason.InvalidFrame)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":"[2,\"h2\",\"Heartbeat\",{}]"}""", RejectReason.InvalidFrame)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[7,"h2","Heartbeat",{}]}""", RejectReason.UnknownMessageType)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"0123456789012345678901234567890123456","Heartbeat",{}]}""", RejectReason.MessageIdTooLong)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Broken"}]}""", RejectReason.InvalidPayload)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"s1","StatusNotification",{"errorCode":"NoError","status":"Available"}]}""", RejectReason.InvalidPayload)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"t1","StopTransaction",{"meterStop":1,"timestamp":"2026-03-01T12:00:00Z"}]}""", RejectReason.InvalidPayload)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"t1","TransactionEvent",{"eventType":"Started","timestamp":"2026-03-01T12:00:00Z","triggerReason":"Authorized","seqNo":0}]}""", RejectReason.InvalidPayload)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"t1","TransactionEvent",{"eventType":"Paused","timestamp":"2026-03-01T12:00:00Z","triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"a"}}]}""", RejectReason.InvalidPayload)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"n1","NotifyEvent",{"generatedAt":"2026-03-01T12:00:00Z","seqNo":0,"eventData":[]}]}""", RejectReason.InvalidPayload)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"n1","NotifyEvent",{"generatedAt":"2026-03-01T12:00:00Z","seqNo":0,"eventData":[{"eventId":1,"trigger":"Alerting","component":{"name":"EVSE"}}]}]}""", RejectReason.InvalidPayload)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"f1","FirmwareStatusNotification",{}]}""", RejectReason.InvalidPayload)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"m1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-03-01T12:00:00Z","sampledValue":[{"value":"1"},{"value":"2","measurand":"SoC"}]}]}],"x":}""", RejectReason.InvalidJson)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","event":"rebooted"}""", RejectReason.UnknownConnectionEvent)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","event":"disconnected"} trailing""", RejectReason.InvalidJson)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","event":"disconnected"}{}""", RejectReason.InvalidJson)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartbeat",{},"extra"]}""", RejectReason.InvalidFrame)]
    [InlineData("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Faulted"},1]}""", RejectReason.InvalidFrame)]
    public async Task ReadAsync_RejectsRecordAndContinues_WhenRecordUnusable(string bad, RejectReason reason)
    {
        var run = await TapRun.ReadAsync(GoodBefore + "\n" + bad + "\n" + GoodAfter + "\n");

        var rejection = Assert.Single(run.Log.Rejections);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(2, rejection.Line);
        Assert.Equal(Encoding.UTF8.GetByteCount(GoodBefore) + 1, rejection.Offset);
        Assert.Equal(bad, rejection.Raw);
        Assert.Equal([EventKind.Heartbeat, EventKind.Disconnected], run.Log.Events.ConvertAll(e => e.Kind));
        Assert.Equal(1, run.Result.Rejected);
    }

    [Fact]
    public async Task ReadAsync_AcceptsMessageId_WhenExactly36Characters()
    {
        const string Record = """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"012345678901234567890123456789012345","Heartbeat",{}]}""";

        var run = await TapRun.ReadAsync(Record + "\n");

        Assert.Empty(run.Log.Rejections);
        Assert.Equal(EventKind.Heartbeat, Assert.Single(run.Log.Events).Kind);
    }

    [Fact]
    public async Task ReadAsync_RejectsRecordTooLarge_WhenOversizedLineInOneRead()
    {
        var oversized = OversizedRecord(300);
        var text = GoodBefore + "\n" + oversized + "\n" + GoodAfter + "\n";

        var run = await TapRun.ReadAsync(text, new TapReaderOptions { MaxRecordBytes = 200 });

        var rejection = Assert.Single(run.Log.Rejections);
        Assert.Equal(RejectReason.RecordTooLarge, rejection.Reason);
        Assert.Equal(2, rejection.Line);
        Assert.Equal(Encoding.UTF8.GetByteCount(GoodBefore) + 1, rejection.Offset);
        Assert.StartsWith(oversized[..100], rejection.Raw, StringComparison.Ordinal);
        Assert.Equal([EventKind.Heartbeat, EventKind.Disconnected], run.Log.Events.ConvertAll(e => e.Kind));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), run.Result.Bytes);
    }

    [Fact]
    public async Task ReadAsync_RejectsRecordTooLarge_WhenOversizedLineIsShorterThanTheRawPrefix()
    {
        // Over a 200-byte limit but under the 256 bytes a rejection keeps of the raw record.
        var oversized = OversizedRecord(230);
        var text = GoodBefore + "\n" + oversized + "\n" + GoodAfter + "\n";

        var run = await TapRun.ReadAsync(text, new TapReaderOptions { MaxRecordBytes = 200 });

        var rejection = Assert.Single(run.Log.Rejections);
        Assert.Equal(RejectReason.RecordTooLarge, rejection.Reason);
        Assert.Equal(2, rejection.Line);
        Assert.Equal(oversized, rejection.Raw);
        Assert.Equal([EventKind.Heartbeat, EventKind.Disconnected], run.Log.Events.ConvertAll(e => e.Kind));
    }

    [Fact]
    public async Task ReadAsync_RejectsRecordTooLarge_WhenOversizedLineSpansSeveralReads()
    {
        var oversized = OversizedRecord(1000);
        var bytes = Encoding.UTF8.GetBytes(GoodBefore + "\n" + oversized + "\n" + GoodAfter + "\n");
        var pipe = TapRun.InlinePipe();
        var run = new TapRun(new TapReaderOptions { MaxRecordBytes = 200 });
        var reading = run.ReadAsync(pipe.Reader);

        // 64-byte writes: the reader sees the oversized line grow over many reads before its newline.
        for (var start = 0; start < bytes.Length; start += 64)
        {
            await pipe.Writer.WriteAsync(bytes.AsMemory(start, Math.Min(64, bytes.Length - start)));
        }

        await pipe.Writer.CompleteAsync();
        await reading;

        var rejection = Assert.Single(run.Log.Rejections);
        Assert.Equal(RejectReason.RecordTooLarge, rejection.Reason);
        Assert.Equal(2, rejection.Line);
        Assert.Equal(Encoding.UTF8.GetByteCount(GoodBefore) + 1, rejection.Offset);
        Assert.StartsWith(oversized[..100], rejection.Raw, StringComparison.Ordinal);
        Assert.Equal([EventKind.Heartbeat, EventKind.Disconnected], run.Log.Events.ConvertAll(e => e.Kind));
        Assert.Equal(bytes.Length, run.Result.Bytes);
    }

    [Fact]
    public async Task ReadAsync_YieldsEventsOrOneRejection_ForEachFuzzCorpusFrame()
    {
        var files = Directory.GetFiles(CorpusFolder.Find(), "*.json", SearchOption.AllDirectories);
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            // JSON strings cannot hold raw line breaks, so flattening keeps the frame's meaning on one line.
            var frame = (await File.ReadAllTextAsync(file)).Trim().ReplaceLineEndings(" ");
            var record = """{"ts":"2026-03-01T00:00:00Z","cp":"CP-1","dir":"rx","msg":""" + frame + "}\n";

            var run = await TapRun.ReadAsync(record);

            var events = run.Log.Events.Count;
            var rejections = run.Log.Rejections.Count;
            var unmatched = run.Parser.UnmatchedResults;
            Assert.True(
                (events > 0 && rejections == 0) || (events == 0 && rejections == 1) || (events == 0 && rejections == 0 && unmatched == 1),
                $"{Path.GetFileName(file)}: {events} events, {rejections} rejections, {unmatched} unmatched results for {frame}");
        }
    }

    private static string OversizedRecord(int length)
    {
        var head = """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"d1","DataTransfer",{"data":" """;
        return head + new string('x', length - head.Length - 4) + "\"}]}";
    }
}
