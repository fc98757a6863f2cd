namespace Telemetry.Engine.Uptime;

/// <summary>Exclusions the engine applies to rollups and <c>uptime.csv</c> (configuration section <c>Detectors:Exclusions</c>).</summary>
public sealed class ExclusionOptions
{
    /// <summary>Configured windows; none by default, so every outage counts until the operator says otherwise.</summary>
    public List<ExclusionWindow> Windows { get; set; } = [];

    /// <summary>
    /// Count a port as in maintenance from a CSMS ChangeAvailability(Inoperative) until
    /// ChangeAvailability(Operative): the operator took it out of service on purpose. Off by
    /// default because NEVI excludes maintenance only where the program allows it.
    /// </summary>
    public bool InoperativeAsMaintenance { get; set; }

    /// <summary>
    /// Exclude the time before the inventory's commissioning date and from its decommissioning
    /// date: a charger not in service cannot be out of service. On by default; it changes nothing
    /// for chargers the inventory does not date.
    /// </summary>
    public bool OutsideService { get; set; } = true;

    public void Validate()
    {
        foreach (var window in Windows)
        {
            window.Validate();
        }
    }
}
