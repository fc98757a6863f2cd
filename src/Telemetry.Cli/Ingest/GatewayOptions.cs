namespace Telemetry.Cli.Ingest;

/// <summary>The configuration section <c>Gateway</c>: limits and timing of <c>telemetry ingest</c>.</summary>
internal sealed class GatewayOptions
{
    /// <summary>Tap connections served at once; more are refused (closed at accept) and counted.</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>On SIGTERM / Ctrl+C: how long to wait for Kafka to acknowledge what was produced.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a status line (connections, records, events, rejects, queue depth) is logged.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Consumer group of <c>telemetry ingest --from-topic</c>; its committed offsets say which raw records are done.</summary>
    public string RawFramesGroupId { get; set; } = "telemetry-ingest";

    /// <summary>
    /// How often the raw-frame input flushes the producer and commits the positions whose events
    /// were delivered: a crash repeats at most this much input (dropped again by <c>process</c>).
    /// </summary>
    public TimeSpan RawFramesCommitInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a commit waits for Kafka to acknowledge what was produced before it gives up for this round.</summary>
    public TimeSpan RawFramesFlushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        if (MaxConnections < 1)
        {
            throw new ArgumentException("Gateway:MaxConnections must be at least 1.");
        }

        if (ShutdownTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Gateway:ShutdownTimeout must be positive.");
        }

        if (string.IsNullOrWhiteSpace(RawFramesGroupId))
        {
            throw new ArgumentException("Gateway:RawFramesGroupId must not be empty.");
        }

        if (RawFramesCommitInterval <= TimeSpan.Zero || RawFramesFlushTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Gateway:RawFramesCommitInterval and Gateway:RawFramesFlushTimeout must be positive.");
        }

        if (StatusInterval < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException("Gateway:StatusInterval must be at least one second.");
        }
    }
}
