namespace Telemetry.Timescale.Exclusions;

/// <summary>
/// A period excluded from uptime under 23 CFR 680.116(b)(2), for one port, one charger or one
/// site (<see cref="Scope"/> says which of <see cref="ChargePoint"/>, <see cref="Port"/> and
/// <see cref="Site"/> are set). <see cref="Id"/> is 0 until stored.
/// </summary>
/// <param name="Scope"><c>port</c>, <c>charger</c> or <c>site</c>.</param>
/// <param name="Reason">One of <see cref="ExclusionReasons.All"/>.</param>
public sealed record Exclusion(
    long Id,
    string Scope,
    string? ChargePoint,
    short? Port,
    string? Site,
    DateTimeOffset From,
    DateTimeOffset To,
    string Reason,
    string? Note = null)
{
    /// <summary>An exclusion of one port.</summary>
    public static Exclusion ForPort(string chargePoint, short port, DateTimeOffset from, DateTimeOffset to, string reason, string? note = null) =>
        new(0, "port", chargePoint, port, null, from, to, reason, note);

    /// <summary>An exclusion of every port of one charger.</summary>
    public static Exclusion ForCharger(string chargePoint, DateTimeOffset from, DateTimeOffset to, string reason, string? note = null) =>
        new(0, "charger", chargePoint, null, null, from, to, reason, note);

    /// <summary>An exclusion of every charger the inventory places at <paramref name="site"/>.</summary>
    public static Exclusion ForSite(string site, DateTimeOffset from, DateTimeOffset to, string reason, string? note = null) =>
        new(0, "site", null, null, site, from, to, reason, note);

    /// <summary>What the exclusion covers: <c>CP/PORT</c>, <c>CP</c> or <c>site S</c>.</summary>
    public string Target => Scope switch
    {
        "port" => $"{ChargePoint}/{Port}",
        "charger" => ChargePoint ?? string.Empty,
        _ => "site " + Site,
    };
}
