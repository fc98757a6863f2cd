using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Telemetry.Kafka.Embedded;

/// <summary>
/// librdkafka's mock cluster C API (rdkafka_mock.h, librdkafka 2.x). Pointers are opaque:
/// <c>rd_kafka_t*</c> and <c>rd_kafka_mock_cluster_t*</c> are passed as <see cref="IntPtr"/>.
/// </summary>
/// <remarks>
/// <c>DllImport</c> rather than <c>LibraryImport</c>: the source-generated stubs need unsafe code,
/// which the repository keeps off. <c>rd_kafka_resp_err_t</c> has the values of
/// <see cref="ErrorCode"/>, so that enum is the return type. The variadic
/// <c>rd_kafka_mock_push_request_errors</c> is bound through its <c>_array</c> twin.
/// </remarks>
internal static class MockClusterNative
{
    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr rd_kafka_handle_mock_cluster(IntPtr rk);

    /// <returns>A string owned by the cluster: read it, never free it.</returns>
    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern ErrorCode rd_kafka_mock_topic_create(
        IntPtr mcluster,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string topic,
        int partitionCount,
        int replicationFactor);

    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);

    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern ErrorCode rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern ErrorCode rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern ErrorCode rd_kafka_mock_broker_set_rtt(IntPtr mcluster, int brokerId, int rttMs);

    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern ErrorCode rd_kafka_mock_partition_set_leader(
        IntPtr mcluster,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string topic,
        int partition,
        int brokerId);

    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern ErrorCode rd_kafka_mock_coordinator_set(
        IntPtr mcluster,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string keyType,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string key,
        int brokerId);

    [DllImport(LibrdkafkaResolver.LibraryName, CallingConvention = CallingConvention.Cdecl)]
    public static extern void rd_kafka_mock_push_request_errors_array(
        IntPtr mcluster,
        short apiKey,
        nuint count,
        [In] ErrorCode[] errors);
}
