using Telemetry.Decide.Recovery;

namespace Telemetry.Decide.Incidents;

/// <summary>Keeps every record in order: for replay output files and tests.</summary>
public sealed class DecisionLog : IDecisionSink
{
    private readonly List<IncidentRecord> _incidents = [];
    private readonly List<CommandRecord> _commands = [];

    public IReadOnlyList<IncidentRecord> Incidents => _incidents;

    public IReadOnlyList<CommandRecord> Commands => _commands;

    public void OnIncident(IncidentRecord record) => _incidents.Add(record);

    public void OnCommand(CommandRecord record) => _commands.Add(record);
}
