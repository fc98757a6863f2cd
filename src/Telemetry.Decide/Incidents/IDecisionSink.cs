using Telemetry.Decide.Recovery;

namespace Telemetry.Decide.Incidents;

/// <summary>Receives the correlator's output, in event-time order.</summary>
public interface IDecisionSink
{
    void OnIncident(IncidentRecord record);

    void OnCommand(CommandRecord record);
}
