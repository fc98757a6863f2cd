using System.IO.Pipelines;
using System.Text;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Csv;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tests.Csv;

namespace Telemetry.Ocpp.Tests.Fuzz;

/// <summary>
/// Property test for <see cref="CsvCaptureReader"/>: mutated exports (a valid header, then mutated
/// rows) never make the read throw, and every line after the header is accounted for exactly once.
/// <para>
/// The invariant, from the reader's code: after the header, a non-blank line is a row (counted
/// in <see cref="CaptureReadResult.Rows"/>, oversized ones included) and gives exactly one of: one
/// event, one rejection, or nothing, and the rows giving nothing are the ones the row parser
/// counts in <see cref="CsvRowParser.RowsWithoutEvent"/>. So rows == rows with an event + rows
/// rejected + <see cref="CsvRowParser.RowsWithoutEvent"/>, each callback on a distinct row.
/// </para>
/// </summary>
public class CsvReaderFuzzTests
{
    /// <summary>Inputs per run; raise it for a long local run.</summary>
    private const int Inputs = 10_000;

    private const int BaseSeed = 1_772_400_000;
    private const int MaxRecordBytes = 1024;
    private const string Header = "timestamp,id,action,msg";

    private static readonly byte[][] s_corpus = Array.ConvertAll(SmallExport.Rows, Encoding.UTF8.GetBytes);

    [Fact]
    public async Task ReadAsync_AccountsForEveryRow_ForMutatedExports()
    {
        for (var i = 0; i < Inputs; i++)
        {
            var seed = BaseSeed + i;
            var (input, segments) = BuildInput(new Random(seed));
            var failure = await CheckAsync(input, segments);
            Assert.True(failure is null, $"seed {seed}: {failure}\ninput: {Encoding.UTF8.GetString(input)}");
        }
    }

    /// <summary>Reads <paramref name="input"/> (whose first line is the header) and returns what broke the invariant, or null.</summary>
    public static async Task<string?> CheckAsync(byte[] input, int segments)
    {
        var parser = new CsvRowParser(new ChargerRegistry(), new PendingCalls(64, TimeSpan.FromMinutes(5)), new CsmsCalls(16));
        var reader = new CsvCaptureReader(parser, new CsvReaderOptions { MaxRecordBytes = MaxRecordBytes });
        var tally = new FuzzTally { BytesRead = () => reader.BytesRead };
        CaptureReadResult result;
        try
        {
            result = await reader.ReadAsync(PipeReader.Create(TapReaderFuzzTests.Segment(input, segments)), new TallyHandler(tally), CancellationToken.None);
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name} escaped: {e}";
        }

        // The header is the first line; the oracle's Record and TooLarge lines after it are the rows.
        var lines = OracleLine.Split(input, MaxRecordBytes);
        lines.RemoveAt(0);
        var byOffset = new Dictionary<long, OracleLine>();
        long rows = 0;
        foreach (var line in lines)
        {
            byOffset[line.Offset] = line;
            rows += line.Kind == OracleLineKind.Blank ? 0 : 1;
        }

        var seen = new HashSet<long>();
        long withEvent = 0, rejected = 0;
        foreach (var callback in tally.Callbacks)
        {
            if (!byOffset.TryGetValue(callback.Offset, out var line) || line.Kind == OracleLineKind.Blank)
            {
                return $"a callback {callback} where no row starts";
            }

            if (!seen.Add(callback.Offset))
            {
                return $"line {line.Number} gave more than one callback";
            }

            if (callback.IsEvent)
            {
                withEvent++;
                continue;
            }

            rejected++;
            if (callback.Line != line.Number || (callback.Reason == RejectReason.RecordTooLarge) != (line.Kind == OracleLineKind.TooLarge))
            {
                return $"line {line.Number} ({line.Kind}) was rejected as {callback.Reason} on line {callback.Line}";
            }
        }

        if (result.Records != rows || result.Rejected != rejected || result.Bytes != input.Length)
        {
            return $"result {result} but the oracle counts {rows} rows, {rejected} rejections, {input.Length} bytes";
        }

        return rows == withEvent + rejected + parser.RowsWithoutEvent
            ? null
            : $"{rows} rows != {withEvent} with event + {rejected} rejected + {parser.RowsWithoutEvent} without event";
    }

    private static (byte[] Input, int Segments) BuildInput(Random random)
    {
        var mutator = new Mutator(random);
        var output = new List<byte>(Encoding.UTF8.GetBytes(Header + "\n"));
        var first = random.Next(s_corpus.Length);
        var count = 1 + random.Next(6);
        for (var r = 0; r < count; r++)
        {
            var row = s_corpus[(first + r) % s_corpus.Length];
            var other = s_corpus[random.Next(s_corpus.Length)];
            output.AddRange(random.Next(10) < 6 ? mutator.Mutate(row, other) : row);
            if (r < count - 1 || random.Next(2) == 0)
            {
                output.AddRange(random.Next(4) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
            }
        }

        return ([.. output], 1 + random.Next(4));
    }
}
