using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>A fresh parser stack (registry, pending calls, reader) and what one read of a stream produced.</summary>
public sealed class TapRun
{
    public TapRun(TapReaderOptions? options = null)
    {
        Chargers = new ChargerRegistry();
        Parser = new TapRecordParser(Chargers, new PendingCalls(1024, TimeSpan.FromMinutes(5)));
        Reader = new TapReader(Parser, options ?? new TapReaderOptions());
    }

    public ChargerRegistry Chargers { get; }

    public TapRecordParser Parser { get; }

    public TapReader Reader { get; }

    public ParseLog Log { get; } = new();

    public CaptureReadResult Result { get; private set; }

    public static Task<TapRun> ReadAsync(string text, TapReaderOptions? options = null) =>
        ReadAsync(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), options);

    public static async Task<TapRun> ReadAsync(ReadOnlySequence<byte> input, TapReaderOptions? options = null)
    {
        var run = new TapRun(options);
        await run.ReadAsync(PipeReader.Create(input));
        return run;
    }

    public async Task ReadAsync(PipeReader input) =>
        Result = await Reader.ReadAsync(input, new RecordingHandler(Log), CancellationToken.None);

    /// <summary>A pipe whose reader runs inline inside the writer's flush, so reads interleave deterministically.</summary>
    public static Pipe InlinePipe() =>
        new(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
}
