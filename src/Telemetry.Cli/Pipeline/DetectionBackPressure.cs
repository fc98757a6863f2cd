using System.Runtime.CompilerServices;
using Telemetry.Kafka.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// Holds a replay's ingest back to at most <see cref="MaxAhead"/> records ahead of what detection
/// has read, so that the embedded Kafka never drops a record before detection has it.
/// </summary>
/// <remarks>
/// The embedded Kafka (librdkafka's mock cluster) keeps at most 5 MiB of record batches, and at
/// most 100,000 batches, per partition, and drops the oldest batches beyond that, read or not.
/// An event record takes about 50 bytes there (a charge point id of about 10 bytes, the 30-byte
/// value and the record's framing), more when it carries a text. The bound is in total over all
/// partitions, so it holds whatever the partition count and however the keys spread: even if
/// every record not yet read sat in one partition, together with the batch before them, that
/// is <see cref="MaxAhead"/> + <see cref="CheckEvery"/> + 10,000 (<c>batch.num.messages</c>) =
/// 61,024 records, about 3 MB at 50 bytes each: under the 5 MiB kept, with room for texts.
/// Should a record be dropped all the same (e.g. a capture whose events mostly carry long
/// texts), its partition's offsets have a gap, which <see cref="EventConsumer"/> refuses.
/// <para>
/// One ingest thread calls <see cref="OnProduced"/>, which compares the two counts every
/// <see cref="CheckEvery"/> records; one detection thread calls <see cref="OnDetected"/> for every
/// record, a volatile write and read. Only a waiting ingest blocks, on an event that detection
/// sets once it has caught up to within <see cref="ResumeAhead"/>; the wait also looks again every
/// <see cref="s_recheck"/> rather than rely on both threads' writes being seen at once.
/// </para>
/// </remarks>
internal sealed class DetectionBackPressure : IDisposable
{
    /// <summary>Records ingest may have produced beyond those detection has read.</summary>
    public const long MaxAhead = 50_000;

    /// <summary>Records produced between two comparisons of the counts.</summary>
    public const int CheckEvery = 1_024;

    /// <summary>How far ahead a waiting ingest resumes: half the bound, so that it waits seldom and long rather than at every check.</summary>
    private const long ResumeAhead = MaxAhead / 2;

    private static readonly TimeSpan s_recheck = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan s_flushTimeout = TimeSpan.FromSeconds(30);

    private readonly EventConsumer _consumer;
    private readonly CancellationToken _cancellationToken;
    private readonly ManualResetEventSlim _caughtUp = new(false);

    // Written by the ingest thread only.
    private long _produced;

    // Written by the detection thread only.
    private long _detected;

    // The detected count a waiting ingest wakes at; long.MaxValue while none waits.
    private long _wakeAt = long.MaxValue;
    private volatile bool _closed;
    private long _waits;

    /// <param name="consumer">The detection side's consumer: records it skipped as undecodable count as read.</param>
    /// <param name="cancellationToken">Ends a wait when the replay is cancelled.</param>
    public DetectionBackPressure(EventConsumer consumer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        _consumer = consumer;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Times ingest waited for detection.</summary>
    public long Waits => Volatile.Read(ref _waits);

    /// <summary>Ingest side, after each record produced: waits while it is too far ahead of detection.</summary>
    /// <exception cref="InvalidOperationException">Detection stopped (see <see cref="Close"/>) while ingest waited for it.</exception>
    public void OnProduced(EventProducer producer)
    {
        var produced = ++_produced;
        if (produced % CheckEvery == 0 && produced - Read() > MaxAhead)
        {
            WaitForDetection(producer, produced - ResumeAhead);
        }
    }

    /// <summary>Detection side, after each record handed to the detectors.</summary>
    public void OnDetected()
    {
        var detected = _detected + 1;
        Volatile.Write(ref _detected, detected);
        if (detected >= Volatile.Read(ref _wakeAt))
        {
            Volatile.Write(ref _wakeAt, long.MaxValue);
            _caughtUp.Set();
        }
    }

    /// <summary>Detection has ended, normally or not: ingest must not wait for it any more.</summary>
    public void Close()
    {
        _closed = true;
        _caughtUp.Set();
    }

    public void Dispose() => _caughtUp.Dispose();

    private long Read() => Volatile.Read(ref _detected) + _consumer.DecodeErrors;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void WaitForDetection(EventProducer producer, long target)
    {
        Interlocked.Increment(ref _waits);
        // Records still lingering in the client (linger.ms) are out of detection's reach: send them now.
        producer.FlushOrThrow(s_flushTimeout);

        while (true)
        {
            _caughtUp.Reset();
            // A full fence: the wake-up mark is seen before the count is read again.
            Interlocked.Exchange(ref _wakeAt, target);
            if (Read() >= target)
            {
                break;
            }

            if (_closed)
            {
                throw new InvalidOperationException("Detection stopped before ingest had produced every event.");
            }

            _caughtUp.Wait(s_recheck, _cancellationToken);
        }

        Volatile.Write(ref _wakeAt, long.MaxValue);
    }
}
