using Telemetry.Simulator.Capture;

namespace Telemetry.Simulator.Faults;

/// <summary>Site-wide faults: every charger of one site at once.</summary>
internal sealed partial class LibraryPlanner
{
    /// <summary>
    /// The site's supply fails: each charger drops within 20 s of the others and, when power
    /// returns, reconnects and boots (2.0.1 reason PowerUp) within a minute of the others.
    /// </summary>
    private void PlaceSitePowerLoss()
    {
        var span = Minutes(60, 240);
        if (!TryFindSite(span, bootSensitive: true, out var members, out var start))
        {
            return;
        }

        var fault = Add(FaultKind.SitePowerLoss, members, 0, start, start + span);
        foreach (var charger in members)
        {
            var drop = start + Seconds(0, 20);
            var back = start + span - Seconds(0, 60);
            var boot = back + _random.Next(300, 1500);
            AddPart(FaultKind.SitePowerLoss, charger, 0, start, start + span, [new Interruption(drop - QuietMs, drop, back, boot, BootReasons.PowerUp)], null);
            AddAllPorts(fault, charger, boot + SecondMs - drop);
        }
    }

    /// <summary>
    /// The site's uplink fails: every charger is disconnected within a second and reconnects
    /// without booting. One charger has a session running across it, which stops while the link
    /// is down: its stop (1.6 StopTransaction, 2.0.1 TransactionEvent offline=true) arrives after
    /// the reconnect, carrying the time it happened.
    /// </summary>
    private void PlaceSiteUplinkLoss()
    {
        var span = Minutes(30, 120);
        var lead = Minutes(25, 45);
        if (!TryFindSite(span, bootSensitive: false, out var members, out var start, lead + (10 * MinuteMs)))
        {
            return;
        }

        var fault = Add(FaultKind.SiteUplinkLoss, members, 0, start, start + span);
        var driven = members[_random.Next(members.Length)];
        foreach (var charger in members)
        {
            var drop = start + _random.Next(0, 1000);
            var back = start + span - Seconds(0, 30);
            List<ScriptStep>? steps = null;
            var leadMs = 0L;
            if (charger == driven)
            {
                var stopAt = start + (long)(span * (0.3 + (0.4 * _random.NextDouble())));
                steps = [Session(start - lead, new SessionPlan(1, CaptureVocabulary.AuthAccepted, stopAt, 0, 0, 1, back))];
                leadMs = lead + (10 * MinuteMs);
            }

            AddPart(FaultKind.SiteUplinkLoss, charger, 0, start, start + span, [new Interruption(drop - QuietMs, drop, back, 0, 0)], steps, leadMs);
            AddAllPorts(fault, charger, back - drop);
        }
    }

    /// <summary>A site whose chargers are all free around [start − lead, start + span]; the troubled site first.</summary>
    private bool TryFindSite(long spanMs, bool bootSensitive, out int[] members, out long start, long leadMs = 0)
    {
        var sites = _chargers.Select(c => c.Site).Distinct().ToList();
        sites.Remove(_troubledSite);
        sites.Insert(0, _troubledSite);
        foreach (var site in sites)
        {
            var candidates = _chargers.Where(c => c.Site == site).Select(c => c.Index).ToArray();
            for (var attempt = 0; attempt < RandomAttempts; attempt++)
            {
                start = RandomStart(spanMs + leadMs) + leadMs;
                if (start < leadMs)
                {
                    break;
                }

                var from = start - leadMs;
                var to = start + spanMs;
                if (candidates.All(c => IsFree(c, from, to, SeparationMs) && (!bootSensitive || FarFromBootFaults(c, from, to))))
                {
                    members = candidates;
                    foreach (var charger in members)
                    {
                        Take(charger, from, to);
                    }

                    return true;
                }
            }
        }

        members = [];
        start = 0;
        return false;
    }

    private void AddAllPorts(LibraryFault fault, int charger, long downMs)
    {
        for (var port = 1; port <= _chargers[charger].Ports; port++)
        {
            fault.Downtime.Add((charger, port, downMs));
        }
    }
}
