namespace Telemetry.Engine.Power;

/// <summary>Per-charger state of the derating detector; a flat struct kept in an array by interned id.</summary>
internal struct DeratingChargerState
{
    /// <summary>True once the inventory was asked for the charger's rating.</summary>
    public bool RatingLooked;

    /// <summary>Rated power from the inventory in W, 0 when unknown.</summary>
    public int RatedW;

    /// <summary>Highest power any port of the charger reported, in W: the rating when the inventory gives none.</summary>
    public int PeakW;

    /// <summary>Index + 1 of the first port in the detector's port table, 0 if none; ports chain through <see cref="DeratingPortState.NextPort"/>.</summary>
    public int FirstPort;
}
