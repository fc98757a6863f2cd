using Telemetry.Simulator.Capture;

namespace Telemetry.Simulator.Faults;

/// <summary>A fault as the traffic generator uses it: charger index, port and times in Unix milliseconds.</summary>
/// <param name="Port">The faulted port, or 0 when the whole charger is affected.</param>
/// <param name="Interruptions">The drops of a flapping or rebooting charger, in time order; null for the other kinds.</param>
/// <param name="Steps">The scripted traffic of a library fault, in time order; null for the older kinds.</param>
/// <param name="LeadMs">How long before <paramref name="StartMs"/> the fault already keeps sessions off its ports (a scripted session that runs into it).</param>
internal readonly record struct PlannedFault(
    FaultKind Kind, int Charger, int Port, long StartMs, long EndMs, Interruption[]? Interruptions = null, ScriptStep[]? Steps = null, long LeadMs = 0)
{
    public bool Blocks(int port) => Port == 0 || Port == port;
}
