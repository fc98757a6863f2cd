using Telemetry.Bench.Detect;
using Telemetry.Kafka.Events;

namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// The detecting side of the Kafka race, as <c>telemetry process</c> runs it: a thread that reads
/// an <see cref="EventHandOff"/> and applies each event to its partition's detectors, until the
/// consuming side writes the closing marker (<see cref="Complete"/>).
/// </summary>
public sealed class HandOffDetection
{
    private static readonly TimeSpan s_wait = TimeSpan.FromMilliseconds(100);

    private readonly EventHandOff _handOff;
    private readonly BenchPartition[] _partitions;
    private readonly Thread _thread;
    private Exception? _failure;

    public HandOffDetection(EventHandOff handOff, BenchPartition[] partitions)
    {
        ArgumentNullException.ThrowIfNull(handOff);
        ArgumentNullException.ThrowIfNull(partitions);
        _handOff = handOff;
        _partitions = partitions;
        _thread = new Thread(Run) { IsBackground = true, Name = "bench-detect" };
        _thread.Start();
    }

    /// <summary>Bytes the detecting thread allocated (read after <see cref="Complete"/>).</summary>
    public long Allocated { get; private set; }

    /// <summary>Writes the closing marker, waits until every event before it is applied, and rethrows a failure of the detecting thread.</summary>
    public void Complete()
    {
        if (!_handOff.IsClosed)
        {
            _handOff.WriteMarker();
        }

        _thread.Join();
        if (_failure is not null)
        {
            throw new InvalidOperationException("The detecting thread failed.", _failure);
        }
    }

    private void Run()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            while (ApplyHandedOver())
            {
                _handOff.WaitToRead(s_wait);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _failure = e;
            _handOff.Close();
        }

        Allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    }

    /// <returns>False once the closing marker was met.</returns>
    private bool ApplyHandedOver()
    {
        var records = _handOff.Peek();
        for (var i = 0; i < records.Length; i++)
        {
            ref readonly var record = ref records[i];
            if (record.Kind == HandOffKind.Marker)
            {
                _handOff.Release(i + 1);
                return false;
            }

            var e = record.Event;
            _partitions[record.Partition].OnEvent(in e);
        }

        _handOff.Release(records.Length);
        return true;
    }
}
