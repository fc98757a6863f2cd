using System.Buffers;
using System.Text;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Csv;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Csv;

public partial class CsvCaptureReaderTests
{
    [Fact]
    public async Task ReadAsync_GivesExpectedEvents_ForSmallExport()
    {
        var run = await CsvRun.ReadAsync(SmallExport.Text);

        Assert.Equal(SmallExport.ExpectedEvents, run.Log.Events.ConvertAll(e => (e.Kind, e.Origin)));
        var rejection = Assert.Single(run.Log.Rejections);
        Assert.Equal(RejectReason.InvalidJson, rejection.Reason);
        Assert.Equal(SmallExport.BadRowLine, rejection.Line);
        Assert.Equal(SmallExport.BadRowOffset, rejection.Offset);
        Assert.Equal(SmallExport.Rows[5], rejection.Raw);
        Assert.Equal(new CaptureReadResult(SmallExport.Rows.Length, 1, SmallExport.Bytes.Length), run.Result);
        // The heartbeat's answer: parsed and matched, no event.
        Assert.Equal(1, run.Parser.RowsWithoutEvent);
        Assert.Equal(0, run.Parser.UnmatchedResults);
    }

    [Fact]
    public async Task ReadAsync_ReadsPayloadFields_WhenUnquoted()
    {
        var run = await CsvRun.ReadAsync(SmallExport.Text);

        var boot = run.Log.Events[1];
        Assert.Equal(300, boot.Value);
        Assert.Equal((byte)RegistrationStatus.Accepted, boot.Detail);
        var status = run.Log.Events[3];
        Assert.Equal(ConnectorStatus.Faulted, status.Status);
        Assert.Equal(ErrorCode.GroundFailure, status.Error);
        Assert.Equal(1, status.Port);
        Assert.Equal("CP-B", run.Chargers.NameOf(status.Charger));
        Assert.Equal(SampleCapture.UnixMs("2026-03-01T12:06:00.000Z"), status.TimestampMs);
    }

    [Fact]
    public async Task ReadAsync_GivesSameResults_WhenSplitAtEveryByte()
    {
        var bytes = SmallExport.Bytes;
        var whole = await CsvRun.ReadAsync(new ReadOnlySequence<byte>(bytes));

        for (var position = 1; position < bytes.Length; position++)
        {
            var split = await CsvRun.ReadAsync(Sequences.SplitAt(bytes, position));

            Assert.Equal(whole.Log.Events, split.Log.Events);
            Assert.Equal(whole.Log.Rejections, split.Log.Rejections);
            Assert.Equal(whole.Result, split.Result);
        }
    }

    [Fact]
    public async Task ReadAsync_GivesSameResults_WhenOneBytePerSegment()
    {
        var bytes = SmallExport.Bytes;
        var whole = await CsvRun.ReadAsync(new ReadOnlySequence<byte>(bytes));

        var run = await CsvRun.ReadAsync(Sequences.OneBytePerSegment(bytes));

        Assert.Equal(SmallExport.ExpectedEvents.Length, run.Log.Events.Count);
        Assert.Equal(whole.Log.Events, run.Log.Events);
        Assert.Equal(whole.Log.Rejections, run.Log.Rejections);
        Assert.Equal(whole.Result, run.Result);
    }

    [Fact]
    public async Task ReadAsync_ParsesNothingEarly_WhenPipeGetsOneByteAtATime()
    {
        var bytes = SmallExport.Bytes;
        var pipe = TapRun.InlinePipe();
        var run = new CsvRun();
        var reading = run.ReadAsync(pipe.Reader);
        var reported = new List<int>();

        for (var i = 0; i < bytes.Length; i++)
        {
            await pipe.Writer.WriteAsync(bytes.AsMemory(i, 1));
            reported.Add(run.Log.Events.Count + run.Log.Rejections.Count);
        }

        await pipe.Writer.CompleteAsync();
        await reading;

        // The reader runs inline on flush: what it reports may change only when a line feed arrives.
        for (var i = 1; i < bytes.Length; i++)
        {
            Assert.True(bytes[i] == (byte)'\n' || reported[i] == reported[i - 1], $"a result was reported at byte {i}, inside a line");
        }

        Assert.Equal(SmallExport.ExpectedEvents.Length + 1, reported[^1]);
        Assert.Equal(SmallExport.ExpectedEvents, run.Log.Events.ConvertAll(e => (e.Kind, e.Origin)));
        Assert.Equal(bytes.Length, run.Reader.BytesRead);
    }

    [Fact]
    public async Task ReadAsync_ParsesSame_WhenCrlfLineEndingsAndBlankLines()
    {
        var text = SmallExport.Header + "\r\n\r\n" + string.Join("\r\n", SmallExport.Rows) + "\r\n\r\n";
        var lf = await CsvRun.ReadAsync(SmallExport.Text);

        var crlf = await CsvRun.ReadAsync(text);

        Assert.Equal(lf.Log.Events, crlf.Log.Events);
        var rejection = Assert.Single(crlf.Log.Rejections);
        Assert.Equal(SmallExport.Rows[5], rejection.Raw);
        // The header, a blank line, then five rows: the bad row is on line 8.
        Assert.Equal(SmallExport.BadRowLine + 1, rejection.Line);
        Assert.Equal(SmallExport.Rows.Length, crlf.Result.Records);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), crlf.Result.Bytes);
    }

    [Fact]
    public async Task ReadAsync_ParsesLastRow_WhenNoTrailingNewline()
    {
        var text = SmallExport.Header + "\n" + string.Join('\n', SmallExport.Rows);

        var run = await CsvRun.ReadAsync(text);

        Assert.Equal(SmallExport.ExpectedEvents, run.Log.Events.ConvertAll(e => (e.Kind, e.Origin)));
        Assert.Equal(Encoding.UTF8.GetByteCount(text), run.Result.Bytes);
    }

    [Fact]
    public async Task ReadAsync_FindsColumnsByName_WhenInOtherOrderWithExtraColumns()
    {
        const string Text = """
            msg,note,ID,Timestamp,action
            "[2, ""s1"", ""StatusNotification"", {""connectorId"": 2, ""status"": ""Charging"", ""errorCode"": ""NoError""}]","a, ""quoted"" note",CP-9,2026-03-01T12:00:00Z,StatusNotification

            """;

        var run = await CsvRun.ReadAsync(Text);

        Assert.Empty(run.Log.Rejections);
        var status = Assert.Single(run.Log.Events);
        Assert.Equal(ConnectorStatus.Charging, status.Status);
        Assert.Equal(2, status.Port);
        Assert.Equal("CP-9", run.Chargers.NameOf(status.Charger));
        Assert.Equal(new CsvColumns(Timestamp: 3, ChargePoint: 2, Action: 4, Message: 0), run.Reader.Columns);
    }

    [Fact]
    public async Task ReadAsync_UnquotesEveryField_WhenFieldsHoldCommasAndDoubledQuotes()
    {
        const string Text = """""
            timestamp,id,action,msg
            "2026-03-01T12:00:00Z","CP ""north"", bay 1",DataTransfer,"[2, ""d,1"", ""DataTransfer"", {""vendorId"": ""A,B"", ""data"": ""say \""hi\"", then, \""bye\""""}]"
            "2026-03-01T12:00:01Z","CP ""north"", bay 1","StatusNotification","[2,""s1"",""StatusNotification"",{""connectorId"":1,""status"":""Available"",""errorCode"":""NoError""}]"

            """"";

        var run = await CsvRun.ReadAsync(Text);

        Assert.Empty(run.Log.Rejections);
        Assert.Equal([EventKind.Unknown, EventKind.Status], run.Log.Events.ConvertAll(e => e.Kind));
        Assert.Equal(1, run.Chargers.Count);
        Assert.Equal("CP \"north\", bay 1", run.Chargers.NameOf(run.Log.Events[0].Charger));
    }
}
