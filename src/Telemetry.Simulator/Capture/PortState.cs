namespace Telemetry.Simulator.Capture;

/// <summary>One port of a simulated charger: its energy register and the session in progress.</summary>
internal sealed class PortState(int port, Window[] blocks, long registerWh)
{
    public int Port { get; } = port;

    /// <summary>Where the port's session actions are scheduled: the port number, or a negative lane for a forced session.</summary>
    public int Lane { get; init; } = port;

    /// <summary>The plan of a forced session; null for the port's own sessions.</summary>
    public SessionPlan? Plan { get; init; }

    /// <summary>Faults and planned resets during which no session may run on this port, sorted by start.</summary>
    public Window[] Blocks { get; } = blocks;

    public long RegisterWh { get; set; } = registerWh;

    public SessionStep Step { get; set; }

    public long DurationMs { get; set; }

    public long ChargeStartMs { get; set; }

    public long StopMs { get; set; }

    public long MeterStartWh { get; set; }

    public int PowerW { get; set; }

    /// <summary>Power.Offered sampled with the meter values; 0 when not sampled.</summary>
    public int OfferedW { get; set; }

    /// <summary>When a session stopped while disconnected; 0 otherwise.</summary>
    public long StoppedAtMs { get; set; }

    public int Transaction { get; set; }

    public uint Token { get; set; }

    public int SeqNo { get; set; }

    public int StopReason { get; set; }

    public long EnergyAt(long timeMs) => MeterStartWh + (PowerW * (timeMs - ChargeStartMs) / 3_600_000);
}
