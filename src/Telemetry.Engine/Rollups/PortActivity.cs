using Telemetry.Engine.Checkpoints;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Rollups;

/// <summary>What the minute activity stage remembers of one port between its minutes.</summary>
internal sealed class PortActivity(int charger, ushort port)
{
    public int Charger { get; } = charger;

    public ushort Port { get; } = port;

    /// <summary>Start of the first minute not yet emitted; activity dated earlier is counted there.</summary>
    public long NextMinuteMs { get; set; }

    public bool HasStatus { get; set; }

    public ConnectorStatus Status { get; set; }

    /// <summary>The error code open on the port; <see cref="ErrorCode.None"/> when none is.</summary>
    public ErrorCode OpenError { get; set; }

    /// <summary>Since when an alarm is open, or -1.</summary>
    public long AlarmOpenSinceMs { get; set; } = -1;

    /// <summary>When the last alarm closed.</summary>
    public long AlarmClosedMs { get; set; } = long.MinValue;

    public bool HasEnergy { get; set; }

    public uint LastEnergyWh { get; set; }

    /// <summary>The session detector's count of starts on the port, at the last look.</summary>
    public int Starts { get; set; }

    public RecentMarks FailedSessions { get; } = new();

    /// <summary>True when an alarm was open at some point of [<paramref name="fromMs"/>, <paramref name="toMs"/>).</summary>
    public bool AlarmDuring(long fromMs, long toMs) =>
        (AlarmOpenSinceMs >= 0 && AlarmOpenSinceMs < toMs) || AlarmClosedMs > fromMs;

    public void OpenAlarm(long t)
    {
        if (AlarmOpenSinceMs < 0)
        {
            AlarmOpenSinceMs = t;
        }
    }

    public void CloseAlarm(long t)
    {
        if (AlarmOpenSinceMs >= 0)
        {
            AlarmOpenSinceMs = -1;
            AlarmClosedMs = t;
        }
    }

    public void WriteTo(CheckpointWriter writer)
    {
        writer.Value(NextMinuteMs);
        writer.Count((HasStatus ? 1 : 0) | (HasEnergy ? 2 : 0) | ((int)Status << 8) | ((int)OpenError << 16));
        writer.Value(AlarmOpenSinceMs);
        writer.Value(AlarmClosedMs);
        writer.Value(LastEnergyWh);
        writer.Count(Starts);
        FailedSessions.WriteTo(writer);
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into this new port.</summary>
    public void RestoreFrom(ref CheckpointReader reader)
    {
        NextMinuteMs = reader.Value();
        var flags = reader.Count();
        HasStatus = (flags & 1) != 0;
        HasEnergy = (flags & 2) != 0;
        Status = (ConnectorStatus)(byte)(flags >> 8);
        OpenError = (ErrorCode)(byte)(flags >> 16);
        AlarmOpenSinceMs = reader.Value();
        AlarmClosedMs = reader.Value();
        LastEnergyWh = (uint)reader.Value();
        Starts = reader.Count();
        FailedSessions.RestoreFrom(ref reader);
    }
}
