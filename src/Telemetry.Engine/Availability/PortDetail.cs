namespace Telemetry.Engine.Availability;

/// <summary>
/// Per-port state only events and outages touch, kept beside <see cref="PortState"/> at the same
/// index so that the timer pass's walk reads fewer cache lines.
/// </summary>
internal struct PortDetail
{
    public int Charger;

    /// <summary>Start of the open outage, or -1.</summary>
    public long OutageStartMs;
    public string? OutageCause;
}
