using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;

namespace Telemetry.Cli.Pipeline;

/// <summary>What the site correlator decided over a replay: every incident update and command, and what is still open at the end.</summary>
internal sealed record ReplayDecisions(
    IReadOnlyList<IncidentRecord> Updates,
    IReadOnlyList<CommandRecord> Commands,
    IReadOnlyList<IncidentRecord> Open,
    IReadOnlyList<KeyValuePair<Owner, int>> OpenByOwner);
