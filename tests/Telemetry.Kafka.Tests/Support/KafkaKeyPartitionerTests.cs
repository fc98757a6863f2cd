using System.Text;

namespace Telemetry.Kafka.Tests.Support;

public class KafkaKeyPartitionerTests
{
    [Fact]
    public void Crc32_MatchesStandardCheckValue()
    {
        // The published check value of CRC-32/ISO-HDLC over the nine digits "123456789".
        Assert.Equal(0xCBF43926u, KafkaKeyPartitioner.Crc32(Encoding.ASCII.GetBytes("123456789")));
    }
}
