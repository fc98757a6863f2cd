using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Confluent.Kafka;

namespace Telemetry.Kafka;

/// <summary>
/// Leaves a consumer group so that closing the client cannot hang.
/// </summary>
/// <remarks>
/// Confluent.Kafka starts every rebalance callback by asking librdkafka for the rebalance
/// protocol, a request to the group's own thread; when the callback runs inside the client's
/// close, that request can wait for ever (confluentinc/librdkafka#4041). It happened to a member
/// that had lost its partitions (it had not polled in time) and was rejoining as it closed. So
/// the partitions are given up first: unsubscribe, then poll until none is assigned, where the
/// owner's revocation callbacks run as in any rebalance. Close then has nothing left to revoke; it
/// still runs on a thread of its own with a time limit, so that a close that hangs anyway costs
/// that limit instead of the process. Records polled meanwhile are dropped: they were not
/// applied, and whoever owns their partition next reads them from the stored position.
/// </remarks>
public static class GroupExit
{
    /// <summary>How long leaving may take before close is given up.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Gives up the partitions, closes <paramref name="consumer"/> (leaving the group) and
    /// disposes it, all within <paramref name="limit"/>.
    /// </summary>
    /// <returns>False when close did not end in time: the client is then left behind, undisposed.</returns>
    /// <exception cref="Exception">What a revocation callback threw (after the client is disposed).</exception>
    public static bool Leave<TKey, TValue>(IConsumer<TKey, TValue> consumer, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var clock = Stopwatch.StartNew();
        try
        {
            GiveUpPartitions(consumer, limit);
        }
        catch
        {
            consumer.Dispose();
            throw;
        }

        ExceptionDispatchInfo? failure = null;
        var close = new Thread(() =>
        {
            try
            {
                consumer.Close();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "kafka-group-exit",
        };
        close.Start();
        var left = limit - clock.Elapsed;
        if (!close.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero))
        {
            return false;
        }

        // Close disposes the client itself unless a callback threw.
        consumer.Dispose();
        failure?.Throw();
        return true;
    }

    private static void GiveUpPartitions<TKey, TValue>(IConsumer<TKey, TValue> consumer, TimeSpan limit)
    {
        if (consumer.Subscription.Count == 0)
        {
            return;
        }

        consumer.Unsubscribe();
        var clock = Stopwatch.StartNew();
        while (consumer.Assignment.Count > 0 && clock.Elapsed < limit)
        {
            try
            {
                consumer.Consume(s_poll);
            }
            catch (ConsumeException failed) when (!failed.Error.IsFatal)
            {
                // A failed fetch while leaving: the revocation still comes with a later poll.
            }
        }
    }
}
