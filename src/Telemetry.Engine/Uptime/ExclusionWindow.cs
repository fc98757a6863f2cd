namespace Telemetry.Engine.Uptime;

/// <summary>
/// One configured exclusion (<c>Detectors:Exclusions:Windows</c>): a period whose outage time
/// 23 CFR 680.116(b) lets the operator exclude, for one port, one charger or one site.
/// </summary>
public sealed class ExclusionWindow
{
    /// <summary>Charge point id; with <see cref="Port"/> one port, alone the whole charger.</summary>
    public string? ChargePoint { get; set; }

    /// <summary>1.6 connectorId or 2.0.1 evseId; needs <see cref="ChargePoint"/>.</summary>
    public ushort? Port { get; set; }

    /// <summary>Site id as the inventory names it: every port of every charger there.</summary>
    public string? Site { get; set; }

    public DateTimeOffset From { get; set; }

    public DateTimeOffset To { get; set; }

    /// <summary>maintenance, utility, vandalism, disaster, hours or vehicle (as <c>telemetry exclusions add</c> takes).</summary>
    public string Reason { get; set; } = "maintenance";

    public void Validate()
    {
        if (To <= From)
        {
            throw new ArgumentException($"Detectors:Exclusions:Windows: To ({To:O}) must be after From ({From:O}).");
        }

        var scopes = (ChargePoint is null ? 0 : 1) + (Site is null ? 0 : 1);
        if (scopes != 1)
        {
            throw new ArgumentException("Detectors:Exclusions:Windows: give either ChargePoint (with an optional Port) or Site.");
        }

        if (Port is not null && ChargePoint is null)
        {
            throw new ArgumentException("Detectors:Exclusions:Windows: Port needs ChargePoint.");
        }
    }
}
