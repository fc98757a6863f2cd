namespace Telemetry.Kafka.Tests.Support;

/// <summary>
/// librdkafka's <c>consistent_random</c> partitioner for non-empty keys, written from its
/// definition: the IEEE CRC-32 (reflected polynomial 0xEDB88320, initial value and final xor
/// 0xFFFFFFFF) of the key, modulo the partition count.
/// </summary>
internal static class KafkaKeyPartitioner
{
    public static int PartitionOf(ReadOnlySpan<byte> key, int partitions) => (int)(Crc32(key) % (uint)partitions);

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
