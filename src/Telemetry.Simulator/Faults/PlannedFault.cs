namespace Telemetry.Simulator.Faults;

/// <summary>A fault as the traffic generator uses it: charger index, port and times in Unix milliseconds.</summary>
/// <param name="Port">The faulted port, or 0 when the whole charger is affected.</param>
/// <param name="Interruptions">The drops of a flapping or rebooting charger, in time order; null for the other kinds.</param>
internal readonly record struct PlannedFault(
    FaultKind Kind, int Charger, int Port, long StartMs, long EndMs, Interruption[]? Interruptions = null)
{
    public bool Blocks(int port) => Kind != FaultKind.ConnectorFaulted || Port == port;
}
