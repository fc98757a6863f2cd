namespace Telemetry.Engine.Checkpoints;

/// <summary>Which piece of a partition's detector state a checkpoint section holds.</summary>
public enum CheckpointSection : ushort
{
    None = 0,
    ReorderBuffer = 1,
}
