namespace Telemetry.Timescale.Checkpoints;

/// <summary>
/// A snapshot of one partition's detector state that reflects every record of
/// <paramref name="Topic"/>/<paramref name="Partition"/> before <paramref name="Offset"/>: a
/// restarted worker loads it and consumes from <paramref name="Offset"/>.
/// </summary>
/// <param name="FormatVersion">Version of the state's byte layout, so a reader can refuse state it cannot read.</param>
/// <param name="State">The serialized state; tens of megabytes are fine.</param>
/// <param name="TakenAt">When the snapshot was taken.</param>
public sealed record DetectorCheckpoint(string Topic, int Partition, long Offset, int FormatVersion, ReadOnlyMemory<byte> State, DateTimeOffset TakenAt)
{
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Topic);
        ArgumentOutOfRangeException.ThrowIfNegative(Partition);
        ArgumentOutOfRangeException.ThrowIfNegative(Offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(FormatVersion, 1);
    }
}
