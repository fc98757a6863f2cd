namespace Telemetry.Cli.Correlation;

/// <summary>What the decisions publisher knows of one events partition it reads.</summary>
internal sealed class SourceProgress(long publishFrom)
{
    /// <summary>
    /// The first offset whose outputs are not known to be delivered: outputs of earlier records
    /// were published by an earlier owner and are computed again only to rebuild state.
    /// </summary>
    public long PublishFrom { get; } = publishFrom;

    /// <summary>The offset up to which delivery was last confirmed to the sink.</summary>
    public long Confirmed { get; set; }

    /// <summary>Latest event time read from the partition (including re-read records).</summary>
    public long MaxSeenMs { get; set; } = long.MinValue;

    /// <summary>Offset of the latest event read, to which outputs of a later wall-clock tick are attached.</summary>
    public long LastOffset { get; set; } = -1;

    /// <summary>The next free rank among the outputs attached to <see cref="LastOffset"/>.</summary>
    public int NextIndex { get; set; }

    /// <summary>Last watermark published, in units of the watermark interval.</summary>
    public long WatermarkStep { get; set; } = long.MinValue;
}
