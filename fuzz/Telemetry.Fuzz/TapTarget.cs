using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Unicode;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Fuzz;

/// <summary>
/// The fuzz target: one input is a tap stream. It is read twice, through the production
/// <see cref="TapReader"/> loop in small segments (nothing may escape it, every record counted),
/// and record by record through <see cref="TapRecordParser"/>, where each record's outcome is
/// judged against <see cref="JsonDocument"/> as a slow oracle: a record with events must be valid
/// JSON, and one with neither events nor a rejection must be a valid record holding a CALLRESULT.
/// </summary>
internal static class TapTarget
{
    public const int MaxRecordBytes = 4096;

    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';
    private const byte Space = (byte)' ';
    private const int SegmentBytes = 7;

    /// <summary>Checks one input and adds it to <paramref name="counts"/>; returns what went wrong, or null.</summary>
    public static string? Check(ReadOnlySpan<byte> input, FuzzCounts counts)
    {
        counts.Inputs++;
        var parser = NewParser();
        var handler = new OutcomeHandler();
        long read = 0;
        var rest = input;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf(LineFeed);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            var content = !line.IsEmpty && line[^1] == CarriageReturn ? line[..^1] : line;
            if (content.Trim(Space).IsEmpty)
            {
                continue;
            }

            read++;
            if (line.Length > MaxRecordBytes)
            {
                counts.DeadLetters++;
                continue;
            }

            var failure = CheckRecord(parser, content, ref handler, counts);
            if (failure is not null)
            {
                return failure;
            }
        }

        counts.Read += read;
        return CheckReaderLoop(input, read);
    }

    private static string? CheckRecord(TapRecordParser parser, ReadOnlySpan<byte> record, ref OutcomeHandler handler, FuzzCounts counts)
    {
        handler.Events = 0;
        try
        {
            parser.Parse(record, ref handler);
        }
        catch (MalformedRecordException)
        {
            counts.DeadLetters++;
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name} escaped the parser: {e.Message}";
        }

        if (handler.Events > 0)
        {
            counts.WithEvents++;
            return IsJson(record) ? null : "a record that is not JSON gave events";
        }

        counts.Ignored++;
        return IsCallResultRecord(record) ? null : "a record gave neither events nor a rejection but holds no CALLRESULT";
    }

    /// <summary>The production loop over the same bytes in tiny segments: no exception, and the same record count.</summary>
    private static string? CheckReaderLoop(ReadOnlySpan<byte> input, long expectedRecords)
    {
        var reader = new TapReader(NewParser(), new TapReaderOptions { MaxRecordBytes = MaxRecordBytes });
        try
        {
            var pipe = PipeReader.Create(Segments(input.ToArray()));
            var result = reader.ReadAsync(pipe, new OutcomeHandler(), CancellationToken.None).GetAwaiter().GetResult();
            return result.Records == expectedRecords ? null : $"the reader counted {result.Records} records, the lines hold {expectedRecords}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name} escaped the reader loop: {e.Message}";
        }
    }

    private static TapRecordParser NewParser() => new(new ChargerRegistry(), new PendingCalls(64, TimeSpan.FromMinutes(5)));

    private static ReadOnlySequence<byte> Segments(byte[] bytes)
    {
        if (bytes.Length <= SegmentBytes)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var first = new Segment(bytes.AsMemory(0, SegmentBytes), 0);
        var last = first;
        for (var at = SegmentBytes; at < bytes.Length; at += SegmentBytes)
        {
            last = last.Append(bytes.AsMemory(at, Math.Min(SegmentBytes, bytes.Length - at)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>JSON text is UTF-8 (RFC 8259 §8.1) and well-formed.</summary>
    private static bool IsJson(ReadOnlySpan<byte> record)
    {
        if (!Utf8.IsValid(record))
        {
            return false;
        }

        var reader = new Utf8JsonReader(record, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsCallResultRecord(ReadOnlySpan<byte> record)
    {
        if (!IsJson(record))
        {
            return false;
        }

        using var document = JsonDocument.Parse(record.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("msg"u8, out var frame)
            && frame.ValueKind == JsonValueKind.Array
            && frame.GetArrayLength() > 0
            && frame[0].ValueKind == JsonValueKind.Number
            && frame[0].TryGetInt32(out var type)
            && type == 3;
    }

    private struct OutcomeHandler : IParseHandler
    {
        public int Events;

        public void OnEvent(in TelemetryEvent telemetryEvent) => Events++;

        public readonly void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw)
        {
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
