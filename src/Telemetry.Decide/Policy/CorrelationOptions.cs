using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Policy;

/// <summary>How signals are grouped into incidents (section <c>Escalation:Correlation</c>).</summary>
public sealed class CorrelationOptions
{
    /// <summary>
    /// How long a new incident waits before it is opened, so that the other chargers of a site
    /// outage can join it first. Six minutes covers one default heartbeat interval (5 min), the
    /// spread of the offline detections of chargers that went silent at the same instant.
    /// </summary>
    public TimeSpan GroupWait { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>Charger faults of one site whose onsets lie within this window are one site incident.</summary>
    public TimeSpan SiteWindow { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>
    /// Chargers of one site going silent together that make a site incident. Two: chargers fail
    /// independently, so two going silent within minutes of each other already point at what they
    /// share (the supply, the uplink), and small sites have only two.
    /// </summary>
    public int SiteMinChargers { get; set; } = 2;

    /// <summary>Wait before a fleet-correlated fault (see <see cref="FleetSignalTypes"/>) is opened, so the other sites can join.</summary>
    public TimeSpan FleetGroupWait { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The same fault on one model or firmware at this many sites within <see cref="FleetWindow"/> is systemic.</summary>
    public int FleetMinSites { get; set; } = 2;

    /// <summary>Onsets of a systemic fault lie within this window.</summary>
    public TimeSpan FleetWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Signal types compared across sites for a systemic fault. Empty means the default,
    /// <c>firmware.failure</c>: other faults that happen to share a model are too common to be evidence.
    /// </summary>
    public IList<string> FleetSignalTypes { get; } = [];

    /// <summary>The signal types compared across sites in effect: <see cref="FleetSignalTypes"/>, or <c>firmware.failure</c> when it is empty.</summary>
    public HashSet<string> FleetComparedTypes() =>
        new(FleetSignalTypes.Count == 0 ? [SignalTypes.FirmwareFailure] : FleetSignalTypes, StringComparer.Ordinal);
}
