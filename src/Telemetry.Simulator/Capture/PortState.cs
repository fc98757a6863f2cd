namespace Telemetry.Simulator.Capture;

/// <summary>One port of a simulated charger: its energy register and the session in progress.</summary>
internal sealed class PortState(int port, Window[] blocks, long registerWh)
{
    public int Port { get; } = port;

    /// <summary>Faults and planned resets during which no session may run on this port, sorted by start.</summary>
    public Window[] Blocks { get; } = blocks;

    public long RegisterWh { get; set; } = registerWh;

    public SessionStep Step { get; set; }

    public long DurationMs { get; set; }

    public long ChargeStartMs { get; set; }

    public long StopMs { get; set; }

    public long MeterStartWh { get; set; }

    public int PowerW { get; set; }

    public int Transaction { get; set; }

    public uint Token { get; set; }

    public int SeqNo { get; set; }

    public int StopReason { get; set; }

    public long EnergyAt(long timeMs) => MeterStartWh + (PowerW * (timeMs - ChargeStartMs) / 3_600_000);
}
