namespace Telemetry.Engine.Checkpoints;

/// <summary>Which piece of a partition's detector state a checkpoint section holds.</summary>
public enum CheckpointSection : ushort
{
    None = 0,
    ReorderBuffer = 1,
    Partition = 2,
    Ids = 3,
    Availability = 4,
    Uptime = 5,
    MinuteActivity = 6,
    Comms = 7,
    UnansweredCalls = 8,
    Resets = 9,
    Alarms = 10,
    Firmware = 11,
    Derating = 12,
    Sessions = 13,
    Auth = 14,
    BackendOutage = 15,
    Restarts = 16,
    Worker = 17,
    AppliedSources = 18,
    Correlator = 19,
    CorrelatedPartition = 20,
}
