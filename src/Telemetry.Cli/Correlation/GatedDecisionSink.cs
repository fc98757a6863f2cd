using Telemetry.Decide.Incidents;
using Telemetry.Decide.Recovery;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// Passes the correlator's outputs on, except while <see cref="Suppressed"/>: during the re-read
/// that rebuilds a partition's state, outputs an earlier owner delivered already are dropped.
/// </summary>
internal sealed class GatedDecisionSink(IDecisionSink inner) : IDecisionSink
{
    public bool Suppressed { get; set; }

    /// <summary>Outputs dropped while suppressed.</summary>
    public long Dropped { get; private set; }

    public void OnIncident(IncidentRecord record)
    {
        if (Suppressed)
        {
            Dropped++;
            return;
        }

        inner.OnIncident(record);
    }

    public void OnCommand(CommandRecord record)
    {
        if (Suppressed)
        {
            Dropped++;
            return;
        }

        inner.OnCommand(record);
    }
}
