namespace Telemetry.Kafka.Publishing;

/// <summary>What a <see cref="KafkaPublisher"/> does when Kafka is down or refuses a message.</summary>
[Flags]
public enum DeliveryGuarantees
{
    /// <summary>The client's defaults: a message Kafka has not taken within <c>message.timeout.ms</c> (5 min) fails.</summary>
    None = 0,

    /// <summary>
    /// Messages wait for Kafka however long it is down (<c>message.timeout.ms</c> 0): a full
    /// queue then holds the writers back instead of messages timing out and being lost.
    /// </summary>
    WaitWhileDown = 1,

    /// <summary>
    /// A message Kafka refuses for good stops the producer (librdkafka's
    /// <c>enable.gapless.guarantee</c>, a fatal error) instead of letting later messages of its
    /// partition through: an input that re-reads from its last commit after a failure must not
    /// find later events delivered before the failed one, or the consumer's repeat check
    /// (positions at or before the last applied one) would drop the failed one as a copy.
    /// </summary>
    Gapless = 2,
}
