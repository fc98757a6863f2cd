using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Csv;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Csv;

/// <summary>A fresh CSV parser stack (registry, pending calls, reader) and what one read of an export produced.</summary>
public sealed class CsvRun
{
    public CsvRun(CsvReaderOptions? options = null)
    {
        Chargers = new ChargerRegistry();
        Parser = new CsvRowParser(Chargers, new PendingCalls(4096, TimeSpan.FromMinutes(5)), new CsmsCalls(1024));
        Reader = new CsvCaptureReader(Parser, options ?? new CsvReaderOptions());
    }

    public ChargerRegistry Chargers { get; }

    public CsvRowParser Parser { get; }

    public CsvCaptureReader Reader { get; }

    public ParseLog Log { get; } = new();

    public CaptureReadResult Result { get; private set; }

    public static Task<CsvRun> ReadAsync(string text, CsvReaderOptions? options = null) =>
        ReadAsync(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text)), options);

    public static async Task<CsvRun> ReadAsync(ReadOnlySequence<byte> input, CsvReaderOptions? options = null)
    {
        var run = new CsvRun(options);
        await run.ReadAsync(PipeReader.Create(input));
        return run;
    }

    public async Task ReadAsync(PipeReader input) =>
        Result = await Reader.ReadAsync(input, new RecordingHandler(Log), CancellationToken.None);

    public int Count(EventKind kind) => Log.Events.FindAll(e => e.Kind == kind).Count;
}
