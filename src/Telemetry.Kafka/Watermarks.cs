using System.Diagnostics;
using Confluent.Kafka;

namespace Telemetry.Kafka;

/// <summary>
/// Watermark queries that ride out a partition leader moving or a broker restarting: while the
/// client's metadata catches up it answers "unknown partition" or times out, which says "ask again",
/// not "this partition does not exist".
/// </summary>
public static class Watermarks
{
    private static readonly TimeSpan s_retryPause = TimeSpan.FromMilliseconds(100);

    /// <summary>The low and high watermarks of <paramref name="partition"/>, asked again on transient errors until <paramref name="timeout"/> has passed.</summary>
    /// <exception cref="KafkaException">A non-transient error, or a transient one that lasted past <paramref name="timeout"/>.</exception>
    public static WatermarkOffsets Query<TKey, TValue>(IConsumer<TKey, TValue> consumer, TopicPartition partition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var remaining = timeout - clock.Elapsed;
            try
            {
                return consumer.QueryWatermarkOffsets(partition, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            }
            catch (KafkaException ex) when (IsTransient(ex.Error.Code) && clock.Elapsed + s_retryPause < timeout)
            {
                Thread.Sleep(s_retryPause);
            }
        }
    }

    /// <summary>The high watermark of <paramref name="partition"/>: the offset the next produced record will get.</summary>
    public static long High<TKey, TValue>(IConsumer<TKey, TValue> consumer, TopicPartition partition, TimeSpan timeout) =>
        Query(consumer, partition, timeout).High.Value;

    private static bool IsTransient(ErrorCode code) => code is
        ErrorCode.Local_UnknownPartition or ErrorCode.Local_TimedOut or ErrorCode.Local_Transport or
        ErrorCode.Local_AllBrokersDown or ErrorCode.LeaderNotAvailable or ErrorCode.NotLeaderForPartition or
        ErrorCode.RequestTimedOut or ErrorCode.BrokerNotAvailable;
}
