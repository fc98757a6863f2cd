namespace Telemetry.Cli.Ingest;

/// <summary>One owned partition of the raw-frame topic: its parser and how far it was read and committed.</summary>
internal sealed class RawPartition(RawFrameParser parser)
{
    public RawFrameParser Parser { get; set; } = parser;

    /// <summary>The offset of the first record read since assignment or the last rewind; -1 before it.</summary>
    public long Start { get; set; } = -1;

    /// <summary>The next offset to read: every record before it has been parsed and produced; -1 before the first.</summary>
    public long Next { get; set; } = -1;

    /// <summary>The offset last committed by this member; -1 before its first commit.</summary>
    public long Committed { get; set; } = -1;

    /// <summary>True when records were read since the last commit.</summary>
    public bool HasUncommitted => Next >= 0 && Next > Committed;
}
