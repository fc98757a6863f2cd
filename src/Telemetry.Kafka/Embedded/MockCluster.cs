using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Telemetry.Kafka.Embedded;

/// <summary>
/// The librdkafka mock cluster living inside one client (its owner): topic creation and broker
/// fault injection through the C API in rdkafka_mock.h.
/// </summary>
/// <remarks>
/// The cluster is freed with its owner's <c>rd_kafka_t</c>. Every call holds a reference on the
/// owner's <see cref="SafeHandle"/>, so a call after the owner was disposed throws
/// <see cref="ObjectDisposedException"/> instead of touching freed memory.
/// </remarks>
public sealed class MockCluster
{
    private readonly SafeHandle _owner;
    private readonly IntPtr _cluster;

    private MockCluster(SafeHandle owner, IntPtr cluster)
    {
        _owner = owner;
        _cluster = cluster;
    }

    /// <summary>The cluster created by <paramref name="owner"/>'s <c>test.mock.num.brokers</c> setting.</summary>
    /// <exception cref="InvalidOperationException">The client was not configured with a mock cluster.</exception>
    public static MockCluster Of(IClient owner)
    {
        LibrdkafkaResolver.EnsureRegistered();
        var handle = LibrdkafkaHandle.Of(owner);
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var cluster = MockClusterNative.rd_kafka_handle_mock_cluster(handle.DangerousGetHandle());
            return cluster != IntPtr.Zero
                ? new MockCluster(handle, cluster)
                : throw new InvalidOperationException(
                    $"The client '{owner.Name}' has no mock cluster: set test.mock.num.brokers on it.");
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Comma-separated host:port list of the mock brokers, all on 127.0.0.1.</summary>
    public string BootstrapServers
    {
        get
        {
            var added = Enter();
            try
            {
                return Marshal.PtrToStringUTF8(MockClusterNative.rd_kafka_mock_cluster_bootstraps(_cluster))
                    ?? throw new InvalidOperationException("The mock cluster reported no bootstrap servers.");
            }
            finally
            {
                Exit(added);
            }
        }
    }

    /// <summary>Creates a topic; the mock broker does not implement the CreateTopics admin request.</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        var added = Enter();
        try
        {
            ThrowOnError(MockClusterNative.rd_kafka_mock_topic_create(_cluster, name, partitions, replicationFactor));
        }
        finally
        {
            Exit(added);
        }
    }

    /// <summary>Sets the broker's group.initial.rebalance.delay.ms for every group.</summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay)
    {
        var added = Enter();
        try
        {
            MockClusterNative.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, checked((int)delay.TotalMilliseconds));
        }
        finally
        {
            Exit(added);
        }
    }

    /// <summary>Disconnects a broker (-1: all) and refuses new connections; leadership does not move.</summary>
    public void SetBrokerDown(int brokerId)
    {
        var added = Enter();
        try
        {
            ThrowOnError(MockClusterNative.rd_kafka_mock_broker_set_down(_cluster, brokerId));
        }
        finally
        {
            Exit(added);
        }
    }

    /// <summary>Lets a broker (-1: all) accept connections again.</summary>
    public void SetBrokerUp(int brokerId)
    {
        var added = Enter();
        try
        {
            ThrowOnError(MockClusterNative.rd_kafka_mock_broker_set_up(_cluster, brokerId));
        }
        finally
        {
            Exit(added);
        }
    }

    /// <summary>Holds back each response a broker (-1: all) sends from now on by <paramref name="rtt"/>; zero sends them at once again.</summary>
    public void SetBrokerRoundTripTime(int brokerId, TimeSpan rtt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rtt, TimeSpan.Zero);
        var added = Enter();
        try
        {
            ThrowOnError(MockClusterNative.rd_kafka_mock_broker_set_rtt(_cluster, brokerId, checked((int)rtt.TotalMilliseconds)));
        }
        finally
        {
            Exit(added);
        }
    }

    /// <summary>Moves a partition's leadership to a broker, or -1 to leave it leaderless.</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        var added = Enter();
        try
        {
            ThrowOnError(MockClusterNative.rd_kafka_mock_partition_set_leader(_cluster, topic, partition, brokerId));
        }
        finally
        {
            Exit(added);
        }
    }

    /// <summary>
    /// Makes a broker the coordinator of a consumer group, which otherwise follows a hash of the
    /// group id: a test that takes brokers down can keep the group's coordinator up.
    /// </summary>
    public void SetGroupCoordinator(string groupId, int brokerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        var added = Enter();
        try
        {
            ThrowOnError(MockClusterNative.rd_kafka_mock_coordinator_set(_cluster, "group", groupId, brokerId));
        }
        finally
        {
            Exit(added);
        }
    }

    /// <summary>
    /// Makes the next <c>errors.Length</c> requests of type <paramref name="apiKey"/> fail, in order,
    /// with the given errors. <see cref="ErrorCode.Local_Transport"/> makes the broker disconnect.
    /// </summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var added = Enter();
        try
        {
            MockClusterNative.rd_kafka_mock_push_request_errors_array(_cluster, (short)apiKey, (nuint)errors.Length, errors);
        }
        finally
        {
            Exit(added);
        }
    }

    private bool Enter()
    {
        var added = false;
        _owner.DangerousAddRef(ref added);
        return added;
    }

    private void Exit(bool added)
    {
        if (added)
        {
            _owner.DangerousRelease();
        }
    }

    private static void ThrowOnError(ErrorCode code)
    {
        if (code != ErrorCode.NoError)
        {
            throw new KafkaException(code);
        }
    }
}
