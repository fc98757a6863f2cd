using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Tap;

public partial class TapReaderTests
{
    [Fact]
    public async Task ReadAsync_GivesExpectedEvents_ForMixedCapture()
    {
        var run = await TapRun.ReadAsync(SampleCapture.Text);

        Assert.Equal(SampleCapture.ExpectedEvents(run.Chargers), run.Log.Events);
        Assert.Equal([SampleCapture.ExpectedRejection], run.Log.Rejections);
        Assert.Equal(SampleCapture.ChargerA, run.Chargers.NameOf(run.Log.Events[0].Charger));
        Assert.Equal(SampleCapture.ChargerB, run.Chargers.NameOf(run.Log.Events[6].Charger));
        Assert.Equal(2, run.Chargers.Count);
        Assert.Equal(SampleCapture.Lines.Length, run.Result.Records);
        Assert.Equal(1, run.Result.Rejected);
        Assert.Equal(SampleCapture.Bytes.Length, run.Result.Bytes);
        Assert.Equal(0, run.Parser.UnmatchedResults);
    }

    [Fact]
    public async Task ReadAsync_GivesSameResults_WhenSplitAtEveryByte()
    {
        var bytes = SampleCapture.Bytes;
        var whole = await TapRun.ReadAsync(new ReadOnlySequence<byte>(bytes));

        for (var position = 1; position < bytes.Length; position++)
        {
            var split = await TapRun.ReadAsync(Sequences.SplitAt(bytes, position));

            Assert.Equal(whole.Log.Events, split.Log.Events);
            Assert.Equal(whole.Log.Rejections, split.Log.Rejections);
            Assert.Equal(whole.Result, split.Result);
        }
    }

    [Fact]
    public async Task ReadAsync_GivesSameResults_WhenOneBytePerSegment()
    {
        var bytes = SampleCapture.Bytes;

        var run = await TapRun.ReadAsync(Sequences.OneBytePerSegment(bytes));

        Assert.Equal(SampleCapture.ExpectedEvents(run.Chargers), run.Log.Events);
        Assert.Equal([SampleCapture.ExpectedRejection], run.Log.Rejections);
        Assert.Equal(bytes.Length, run.Result.Bytes);
    }

    [Fact]
    public async Task ReadAsync_ParsesNothingEarly_WhenPipeGetsOneByteAtATime()
    {
        var bytes = SampleCapture.Bytes;
        // What the first k whole lines give on their own (a frame may give several events).
        var outputsAfterLines = new int[SampleCapture.Lines.Length + 1];
        for (var k = 1; k <= SampleCapture.Lines.Length; k++)
        {
            var prefix = await TapRun.ReadAsync(string.Join('\n', SampleCapture.Lines[..k]) + "\n");
            outputsAfterLines[k] = prefix.Log.Events.Count + prefix.Log.Rejections.Count;
        }

        var pipe = TapRun.InlinePipe();
        var run = new TapRun();
        var reading = run.ReadAsync(pipe.Reader);
        var linesEnded = 0;

        for (var i = 0; i < bytes.Length; i++)
        {
            await pipe.Writer.WriteAsync(bytes.AsMemory(i, 1));
            await Task.Yield();
            if (bytes[i] == (byte)'\n')
            {
                linesEnded++;
            }

            // The reader runs inline on flush: a record must be handled exactly when its newline arrives.
            Assert.Equal(outputsAfterLines[linesEnded], run.Log.Events.Count + run.Log.Rejections.Count);
        }

        await pipe.Writer.CompleteAsync();
        await reading;

        Assert.Equal(SampleCapture.ExpectedEvents(run.Chargers), run.Log.Events);
        Assert.Equal([SampleCapture.ExpectedRejection], run.Log.Rejections);
        Assert.Equal(bytes.Length, run.Reader.BytesRead);
    }

    [Fact]
    public async Task ReadAsync_GivesSameEvents_WhenPipeWriterTaskWritesOneByteAtATime()
    {
        var bytes = SampleCapture.Bytes;
        var pipe = new Pipe();
        var run = new TapRun();
        var reading = run.ReadAsync(pipe.Reader);

        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(i, 1));
                await Task.Yield();
            }

            await pipe.Writer.CompleteAsync();
        });

        await writing;
        await reading;

        Assert.Equal(SampleCapture.ExpectedEvents(run.Chargers), run.Log.Events);
        Assert.Equal([SampleCapture.ExpectedRejection], run.Log.Rejections);
    }

    [Fact]
    public async Task ReadAsync_ParsesSame_WhenFieldsInAnyOrder()
    {
        const string Ordered = """{"ts":"2026-03-01T12:06:00Z","cp":"CP-A","dir":"rx","msg":[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"GroundFailure","status":"Faulted"}]}""";
        const string MessageFirst = """{"msg":[2,"s1","StatusNotification",{"status":"Faulted","connectorId":1,"errorCode":"GroundFailure"}],"dir":"rx","cp":"CP-A","ts":"2026-03-01T12:06:00Z"}""";
        const string ExtraFields = """{"dir":"rx","note":{"a":[1,2]},"msg":[2,"s1","StatusNotification",{"errorCode":"GroundFailure","vendor":"x","status":"Faulted","connectorId":1}],"ts":"2026-03-01T12:06:00Z","cp":"CP-A"}""";

        var ordered = await TapRun.ReadAsync(Ordered + "\n");
        var messageFirst = await TapRun.ReadAsync(MessageFirst + "\n");
        var extraFields = await TapRun.ReadAsync(ExtraFields + "\n");

        var expected = SampleCapture.Event(EventKind.Status, "2026-03-01T12:06:00Z", 0, OcppVersion.V16,
            port: 1, connector: 1, status: ConnectorStatus.Faulted, error: ErrorCode.GroundFailure);
        Assert.Equal([expected], ordered.Log.Events);
        Assert.Equal([expected], messageFirst.Log.Events);
        Assert.Equal([expected], extraFields.Log.Events);
        Assert.Empty(messageFirst.Log.Rejections);
        Assert.Empty(extraFields.Log.Rejections);
    }

    [Fact]
    public async Task ReadAsync_ToleratesCrlfAndBlankLines()
    {
        var text = "\r\n" + string.Join("\r\n\r\n", SampleCapture.Lines) + "\r\n\n   \n";

        var run = await TapRun.ReadAsync(text);

        Assert.Equal(SampleCapture.ExpectedEvents(run.Chargers), run.Log.Events);
        var rejection = Assert.Single(run.Log.Rejections);
        Assert.Equal(SampleCapture.ExpectedRejection.Reason, rejection.Reason);
        Assert.Equal(SampleCapture.ExpectedRejection.Raw, rejection.Raw);
        // Line 1 is blank, then each record is followed by a blank line: the bad record (6th) is on line 12.
        Assert.Equal(12, rejection.Line);
        Assert.Equal(SampleCapture.Lines.Length, run.Result.Records);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), run.Result.Bytes);
    }

    [Fact]
    public async Task ReadAsync_ParsesLastLine_WhenNoTrailingNewline()
    {
        var text = string.Join('\n', SampleCapture.Lines);

        var run = await TapRun.ReadAsync(text);

        Assert.Equal(SampleCapture.ExpectedEvents(run.Chargers), run.Log.Events);
        Assert.Equal(EventKind.Disconnected, run.Log.Events[^1].Kind);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), run.Result.Bytes);
    }

    [Fact]
    public async Task ReadAsync_ParsesLastLine_WhenNoTrailingNewlineAndPipeCompletesLater()
    {
        var pipe = TapRun.InlinePipe();
        var run = new TapRun();
        var reading = run.ReadAsync(pipe.Reader);

        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes(SampleCapture.Lines[0]));
        Assert.Empty(run.Log.Events);

        await pipe.Writer.CompleteAsync();
        await reading;

        Assert.Equal(EventKind.Connected, Assert.Single(run.Log.Events).Kind);
    }
}
