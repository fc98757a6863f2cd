using Confluent.Kafka;
using Telemetry.Kafka;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// Judges, on a thread of its own, whether the partitions a correlator owns are within
/// <see cref="CorrelateOptions.ReadyMaxLag"/> records of their high watermarks. Each watermark
/// costs a request to the partition's leader, which must not hold up the consuming thread while
/// a broker is slow to answer; the judgement therefore trails the positions by up to a tick.
/// </summary>
internal sealed class CorrelateReadiness : IDisposable
{
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(10);

    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly string _topic;
    private readonly long _maxLag;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private volatile Positions? _positions;
    private volatile Positions? _judged;
    private int _disposed;

    public CorrelateReadiness(string bootstrapServers, KafkaOptions kafka, CorrelateOptions options)
    {
        ArgumentNullException.ThrowIfNull(kafka);
        ArgumentNullException.ThrowIfNull(options);
        // Not a group member: it only asks for watermarks.
        var config = ConsumerSettings.Create(bootstrapServers, kafka, "telemetry-correlate-readiness", kafka.CorrelateGroupId + ".readiness", groupMember: false);
        _consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        _topic = kafka.DecisionsTopic;
        _maxLag = options.ReadyMaxLag;
        _interval = options.TimerTick;
        new Thread(Judge) { IsBackground = true, Name = "telemetry-correlate-readiness" }.Start();
    }

    /// <summary>From the consuming thread: the owned partitions (ascending) and the next offset each will read.</summary>
    public void Report(int[] partitions, long[] next) => _positions = new Positions(partitions, next, Ready: false);

    /// <summary>True when the latest judgement covered exactly <paramref name="partitions"/> (ascending) and found each within the bound.</summary>
    public bool CaughtUp(ReadOnlySpan<int> partitions) =>
        _judged is { Ready: true } judged && partitions.Length > 0 && partitions.SequenceEqual(judged.Partitions);

    /// <summary>Stops judging; the thread releases its client once a request in progress has returned.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stop.Cancel();
        }
    }

    private void Judge()
    {
        try
        {
            while (!_stop.Token.WaitHandle.WaitOne(_interval))
            {
                if (_positions is { } positions)
                {
                    _judged = positions with { Ready = WithinBound(positions) };
                }
            }
        }
        finally
        {
            _consumer.Dispose();
            _stop.Dispose();
        }
    }

    private bool WithinBound(Positions positions)
    {
        for (var i = 0; i < positions.Partitions.Length; i++)
        {
            try
            {
                var high = Watermarks.High(_consumer, new TopicPartition(_topic, positions.Partitions[i]), s_requestTimeout);
                if (high - positions.Next[i] > _maxLag)
                {
                    return false;
                }
            }
            catch (KafkaException)
            {
                // The broker cannot say: behind, until it can.
                return false;
            }
        }

        return positions.Partitions.Length > 0;
    }

    private sealed record Positions(int[] Partitions, long[] Next, bool Ready);
}
