namespace Telemetry.Timescale.Sink;

/// <summary>A Kafka topic partition whose consumer offset the sink stores.</summary>
public readonly record struct TopicPartition(string Topic, int Partition);
