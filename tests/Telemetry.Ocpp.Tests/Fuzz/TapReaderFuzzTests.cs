using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Fuzz;

/// <summary>
/// Property test: mutated tap streams never make <see cref="TapReader.ReadAsync"/> throw, and
/// every line is accounted for exactly once.
/// <para>
/// The invariant, from the reader's code: every non-blank line is counted in
/// <see cref="CaptureReadResult.Records"/>; one within the size limit gives exactly one of: one
/// event, one rejection, or nothing; a line over the limit gives exactly one
/// <see cref="RejectReason.RecordTooLarge"/> rejection; a blank line gives nothing. So
/// records + oversized lines == lines with an event + lines with a rejection + silent records,
/// and every callback belongs to a distinct line. A record may only be silent when it is valid
/// JSON whose frame is a CALLRESULT (<c>[3, …]</c>): that is the one branch of the frame parser
/// that reports no event; this is checked with <see cref="JsonDocument"/> as a slow oracle.
/// </para>
/// </summary>
public class TapReaderFuzzTests
{
    /// <summary>Inputs per run; raise it (e.g. to 2,000,000) for a long local run.</summary>
    private const int Inputs = 20_000;

    private const int BaseSeed = 1_772_366_400;
    private const int MaxRecordBytes = 1024;

    private static readonly byte[][] s_corpus = Array.ConvertAll(TapCorpus.Records, Encoding.UTF8.GetBytes);

    [Fact]
    public async Task ReadAsync_AccountsForEveryLine_ForMutatedStreams()
    {
        for (var i = 0; i < Inputs; i++)
        {
            var seed = BaseSeed + i;
            var (input, segments) = BuildInput(new Random(seed));
            var failure = await CheckAsync(input, segments);
            Assert.True(failure is null, $"seed {seed}: {failure}\ninput: {Escape(input)}");
        }
    }

    [Fact]
    public async Task ReadAsync_AccountsForEveryLine_ForUnmutatedCorpus()
    {
        var input = Encoding.UTF8.GetBytes(string.Join('\n', TapCorpus.Records) + "\n");

        var failure = await CheckAsync(input, 1);
        var run = await TapRun.ReadAsync(new ReadOnlySequence<byte>(input));

        Assert.Null(failure);
        Assert.Empty(run.Log.Rejections);
        Assert.Equal(TapCorpus.Records.Length, run.Result.Records);
        Assert.Equal(0, run.Parser.UnmatchedResults);
    }

    /// <summary>Reads <paramref name="input"/> and returns what broke the invariant, or null.</summary>
    public static async Task<string?> CheckAsync(byte[] input, int segments)
    {
        var chargers = new ChargerRegistry();
        var reader = new TapReader(new TapRecordParser(chargers, new PendingCalls(64, TimeSpan.FromMinutes(5))), new TapReaderOptions { MaxRecordBytes = MaxRecordBytes });
        var tally = new FuzzTally { BytesRead = () => reader.BytesRead };
        CaptureReadResult result;
        try
        {
            result = await reader.ReadAsync(PipeReader.Create(Segment(input, segments)), new TallyHandler(tally), CancellationToken.None);
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name} escaped: {e}";
        }

        var lines = OracleLine.Split(input, MaxRecordBytes);
        var byOffset = new Dictionary<long, OracleLine>();
        foreach (var line in lines)
        {
            byOffset[line.Offset] = line;
        }

        var seen = new HashSet<long>();
        long withEvent = 0, rejected = 0;
        foreach (var callback in tally.Callbacks)
        {
            if (!byOffset.TryGetValue(callback.Offset, out var line) || line.Kind == OracleLineKind.Blank)
            {
                return $"a callback {callback} at offset {callback.Offset}, where no record starts";
            }

            if (!seen.Add(callback.Offset))
            {
                return $"line {line.Number} gave more than one callback";
            }

            if (callback.IsEvent)
            {
                withEvent++;
                if (line.Kind == OracleLineKind.TooLarge || !IsJson(line.Bytes))
                {
                    return $"line {line.Number} gave an event but is {(line.Kind == OracleLineKind.TooLarge ? "too large" : "not valid JSON")}";
                }

                continue;
            }

            rejected++;
            if (callback.Line != line.Number)
            {
                return $"rejection {callback.Reason} reports line {callback.Line} for line {line.Number}";
            }

            if ((callback.Reason == RejectReason.RecordTooLarge) != (line.Kind == OracleLineKind.TooLarge))
            {
                return $"line {line.Number} ({line.Kind}) was rejected as {callback.Reason}";
            }
        }

        long records = 0, tooLarge = 0, silent = 0;
        foreach (var line in lines)
        {
            records += line.Kind == OracleLineKind.Record ? 1 : 0;
            tooLarge += line.Kind == OracleLineKind.TooLarge ? 1 : 0;
            if (line.Kind == OracleLineKind.TooLarge && !seen.Contains(line.Offset))
            {
                return $"line {line.Number} is too large but was not rejected";
            }

            if (line.Kind == OracleLineKind.Record && !seen.Contains(line.Offset))
            {
                silent++;
                if (!IsCallResult(line.Bytes))
                {
                    return $"line {line.Number} gave no event and no rejection but is not a valid record holding a CALLRESULT";
                }
            }
        }

        if (result.Records != records + tooLarge || result.Rejected != rejected || result.Bytes != input.Length)
        {
            return $"result {result} but the oracle counts {records} records, {rejected} rejections, {input.Length} bytes";
        }

        return records + tooLarge == withEvent + rejected + silent
            ? null
            : $"{records} records + {tooLarge} oversized != {withEvent} with event + {rejected} rejected + {silent} silent";
    }

    private static (byte[] Input, int Segments) BuildInput(Random random)
    {
        var mutator = new Mutator(random);
        var output = new List<byte>();
        var first = random.Next(s_corpus.Length);
        var count = 1 + random.Next(6);
        for (var r = 0; r < count; r++)
        {
            // Consecutive corpus records, so results usually follow the CALL they answer.
            var record = s_corpus[(first + r) % s_corpus.Length];
            var other = s_corpus[random.Next(s_corpus.Length)];
            output.AddRange(random.Next(10) < 6 ? mutator.Mutate(record, other) : record);
            if (r < count - 1 || random.Next(2) == 0)
            {
                output.AddRange(random.Next(4) == 0 ? "\r\n"u8.ToArray() : "\n"u8.ToArray());
            }
        }

        return ([.. output], 1 + random.Next(4));
    }

    /// <summary>Cuts the input into roughly equal segments so records cross segment boundaries.</summary>
    public static ReadOnlySequence<byte> Segment(byte[] input, int segments)
    {
        if (segments <= 1 || input.Length < segments)
        {
            return new ReadOnlySequence<byte>(input);
        }

        var parts = new ReadOnlyMemory<byte>[segments];
        var size = input.Length / segments;
        for (var s = 0; s < segments; s++)
        {
            var start = s * size;
            parts[s] = input.AsMemory(start, s == segments - 1 ? input.Length - start : size);
        }

        return Sequences.Of(parts);
    }

    private static bool IsJson(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsCallResult(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.NameEquals("msg") && property.Value.ValueKind == JsonValueKind.Array
                    && property.Value.GetArrayLength() > 0 && property.Value[0].ValueKind == JsonValueKind.Number
                    && property.Value[0].TryGetInt32(out var type) && type == (int)MessageType.CallResult)
                {
                    return true;
                }
            }

            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The input as a C# string literal body, to paste into a regression test.</summary>
    private static string Escape(byte[] input)
    {
        var text = new StringBuilder();
        foreach (var b in input)
        {
            text.Append(b is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}");
        }

        return text.ToString();
    }
}
