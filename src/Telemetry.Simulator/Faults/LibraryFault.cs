namespace Telemetry.Simulator.Faults;

/// <summary>A library fault as planned: what truth.json reports of it; its traffic is in the per-charger <see cref="PlannedFault"/> parts.</summary>
internal sealed class LibraryFault(FaultKind kind, int[] members, int port, long startMs, long endMs)
{
    public FaultKind Kind { get; } = kind;

    /// <summary>The chargers it concerns, the first being the one truth.json names in <c>cp</c>.</summary>
    public int[] Members { get; } = members;

    /// <summary>The port of a connector fault, 0 otherwise.</summary>
    public int Port { get; } = port;

    public long StartMs { get; } = startMs;

    public long EndMs { get; } = endMs;

    /// <summary>How long each port is expected down within the fault, in milliseconds.</summary>
    public List<(int Charger, int Port, long DownMs)> Downtime { get; } = [];

    /// <summary>True when the fault's window on its port is planned maintenance, excluded from outage time.</summary>
    public bool Excluded { get; init; }

    /// <summary>The fault code the charger reports (1.6 errorCode, 2.0.1 device-model variable), when drawn at planning; null otherwise.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>True when the charger reports no code for the fault (a 2.0.1 StatusNotification Faulted carries none).</summary>
    public bool CodeUnreported { get; set; }
}
