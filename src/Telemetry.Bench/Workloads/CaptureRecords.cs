using System.Buffers;
using Telemetry.Simulator;

namespace Telemetry.Bench.Workloads;

/// <summary>
/// A simulated tap capture held in one buffer, with the offset and length of every record
/// (line feed excluded), so every benchmark reads exactly the same bytes.
/// </summary>
public sealed class CaptureRecords
{
    private const byte LineFeed = (byte)'\n';

    private CaptureRecords(byte[] buffer, int[] starts, int[] lengths)
    {
        Buffer = buffer;
        Starts = starts;
        Lengths = lengths;
    }

    /// <summary>The whole capture, JSON Lines, exactly as the simulator wrote it.</summary>
    public byte[] Buffer { get; }

    public int[] Starts { get; }

    public int[] Lengths { get; }

    public int Count => Starts.Length;

    public ReadOnlySpan<byte> Record(int index) => Buffer.AsSpan(Starts[index], Lengths[index]);

    public ReadOnlyMemory<byte> RecordMemory(int index) => Buffer.AsMemory(Starts[index], Lengths[index]);

    public static CaptureRecords Simulate(SimulationOptions options)
    {
        using var capture = new MemoryStream();
        new FleetSimulator(options).WriteCapture(capture);
        var buffer = capture.ToArray();

        var starts = new List<int>();
        var lengths = new List<int>();
        var start = 0;
        while (start < buffer.Length)
        {
            var newline = Array.IndexOf(buffer, LineFeed, start);
            var end = newline < 0 ? buffer.Length : newline;
            if (end > start)
            {
                starts.Add(start);
                lengths.Add(end - start);
            }

            start = end + 1;
        }

        return new CaptureRecords(buffer, [.. starts], [.. lengths]);
    }

    /// <summary>The capture cut into segments of <paramref name="segmentBytes"/>, as a socket or pipe delivers it.</summary>
    public ReadOnlySequence<byte> Segmented(int segmentBytes)
    {
        var first = new BufferSegment(Buffer.AsMemory(0, Math.Min(segmentBytes, Buffer.Length)), 0);
        var last = first;
        for (var offset = segmentBytes; offset < Buffer.Length; offset += segmentBytes)
        {
            // Each segment owns a copy, as separately received buffers would.
            var chunk = Buffer.AsSpan(offset, Math.Min(segmentBytes, Buffer.Length - offset)).ToArray();
            last = last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
