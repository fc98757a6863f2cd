using System.Globalization;
using Telemetry.Cli.Pipeline;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Uptime;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Truth;

namespace Telemetry.Cli.Commands;

/// <summary>The readable end-of-run report of <c>demo</c> and <c>replay</c>: fleet availability, worst sites and chargers, signals.</summary>
internal static class FleetSummary
{
    private const int Worst = 5;
    private const int FaultsPerKind = 4;
    private const int OpenIncidentsListed = 10;

    public static void Print(TextWriter output, ReplayResult result, string outDirectory, SimulationTruth? truth)
    {
        var whole = result.Uptime.Where(r => r.Month is null).ToList();
        var observed = whole.Sum(r => r.ObservedMinutes);
        var down = whole.Sum(r => r.OutageMinutes);
        output.WriteLine();
        output.WriteLine(Invariant($"Fleet availability {Percent(observed, down)} over {whole.Count} ports of {whole.Select(r => r.ChargePoint).Distinct().Count()} chargers, {Time(result.FirstTimestampMs)} → {Time(result.LastTimestampMs)}"));
        output.WriteLine(Invariant($"  {result.Records:N0} records, {result.Rejected:N0} rejected (deadletter.jsonl), {result.Processed:N0} events ({result.Late:N0} late: late.jsonl) through telemetry.events in {result.Elapsed.TotalSeconds:F1} s ({result.Processed / Math.Max(result.Elapsed.TotalSeconds, 0.001):N0} events/s)"));

        output.WriteLine();
        output.WriteLine("Worst sites");
        foreach (var site in whole.GroupBy(r => result.Inventory.SiteOf(r.ChargePoint) ?? "(no site)")
                     .Select(g => (Site: g.Key, Observed: g.Sum(r => r.ObservedMinutes), Down: g.Sum(r => r.OutageMinutes), Ports: g.Count()))
                     .OrderBy(s => Ratio(s.Observed, s.Down)).ThenBy(s => s.Site, StringComparer.Ordinal).Take(Worst))
        {
            output.WriteLine(Invariant($"  {site.Site,-12} {Percent(site.Observed, site.Down),8}  {site.Ports,3} ports  {site.Down / 60:F1} h down"));
        }

        output.WriteLine();
        output.WriteLine("Worst chargers");
        var outagesByCharger = result.Outages.GroupBy(o => o.ChargePoint).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var charger in whole.GroupBy(r => r.ChargePoint)
                     .Select(g => (Charger: g.Key, Observed: g.Sum(r => r.ObservedMinutes), Down: g.Sum(r => r.OutageMinutes), Ports: g.Count()))
                     .OrderBy(c => Ratio(c.Observed, c.Down)).ThenBy(c => c.Charger, StringComparer.Ordinal).Take(Worst))
        {
            output.WriteLine(Invariant($"  {charger.Charger,-12} {Percent(charger.Observed, charger.Down),8}  {charger.Ports,3} ports  {outagesByCharger.GetValueOrDefault(charger.Charger),3} outages  site {result.Inventory.SiteOf(charger.Charger) ?? "-"}"));
        }

        output.WriteLine();
        output.WriteLine("Signals");
        foreach (var type in result.Signals.GroupBy(s => s.Type).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine(Invariant($"  {type.Key,-22} raised {type.Count(s => s.State == SignalState.Raised),5}  cleared {type.Count(s => s.State == SignalState.Cleared),5}"));
        }

        PrintIncidents(output, result.Decisions);
        if (truth is not null)
        {
            PrintTruth(output, result, truth);
        }

        output.WriteLine();
        output.WriteLine($"Outputs in {outDirectory}: signals.jsonl, incidents.jsonl, commands.jsonl, sessions.csv, uptime.csv, outages.csv, deadletter.jsonl, late.jsonl, rollups/ ({result.Rollups:N0} minute rollups){(result.DatabaseRows > 0 ? Invariant($", {result.DatabaseRows:N0} rows written to the database") : string.Empty)}");
    }

    /// <summary>Injected faults next to what was detected for them: outage minutes, or the signal their pattern should raise.</summary>
    private static void PrintIncidents(TextWriter output, ReplayDecisions decisions)
    {
        output.WriteLine();
        var opened = decisions.Updates.Select(u => u.Incident).Distinct(StringComparer.Ordinal).Count();
        output.WriteLine(Invariant($"Incidents: {opened} opened, {decisions.Open.Count} still open, {decisions.Commands.Count(c => c.Outcome == CommandOutcome.Requested)} remote commands requested"));
        output.WriteLine("  open by owner: " + string.Join("  ", decisions.OpenByOwner.Select(p => Invariant($"{PolicyNames.Of(p.Key)} {p.Value}"))));
        foreach (var incident in decisions.Open.OrderBy(i => i.Owner).ThenBy(i => i.Incident, StringComparer.Ordinal).Take(OpenIncidentsListed))
        {
            output.WriteLine(Invariant($"  {incident.Incident,-28} {PolicyNames.Of(incident.Owner),-9} {PolicyNames.Of(incident.Scope),-9} {PolicyNames.Of(incident.Cause),-9} {PolicyNames.Of(incident.Recovery),-6} {incident.Subject}"));
        }

        if (decisions.Open.Count > OpenIncidentsListed)
        {
            output.WriteLine(Invariant($"  … and {decisions.Open.Count - OpenIncidentsListed} more in incidents.jsonl"));
        }
    }

    private static void PrintTruth(TextWriter output, ReplayResult result, SimulationTruth truth)
    {
        output.WriteLine();
        output.WriteLine("Injected faults (truth.json) and what was detected");
        // A few of each kind, so every kind of fault shows what caught it.
        var shown = truth.Faults.GroupBy(f => f.Kind).OrderBy(g => g.Key).SelectMany(g => g.OrderBy(f => f.Start).Take(FaultsPerKind)).ToList();
        foreach (var fault in shown)
        {
            var injected = Invariant($"{fault.Id} {TruthFile.KindName(fault.Kind),-17} {fault.ChargePoint} port {(fault.Port?.ToString(CultureInfo.InvariantCulture) ?? "all"),-3} {Time(fault.Start.ToUnixTimeMilliseconds())}");
            var detail = fault.Kind switch
            {
                FaultKind.CommsFlapping => Invariant($"{fault.Disconnects,3} disconnects  {RaisedIn(result.Signals, SignalTypes.CommsUnstable, fault)}"),
                FaultKind.ResetLoop => Invariant($"{fault.Boots,3} reboots      {RaisedIn(result.Signals, SignalTypes.ResetFrequent, fault)}"),
                _ => Invariant($"{fault.Minutes,5} min injected  {DetectedMinutes(result.Outages, fault),7:F1} min detected"),
            };
            output.WriteLine($"  {injected}  {detail}");
        }

        if (truth.Faults.Count > shown.Count)
        {
            output.WriteLine(Invariant($"  … {truth.Faults.Count - shown.Count} more in truth.json"));
        }
    }

    private static string RaisedIn(IEnumerable<Signal> signals, string type, InjectedFault fault) =>
        signals.Any(s => s.Type == type && s.State == SignalState.Raised && s.ChargePoint == fault.ChargePoint
            && s.TimestampMs >= fault.Start.ToUnixTimeMilliseconds() && s.TimestampMs <= fault.End.ToUnixTimeMilliseconds())
            ? type + " raised"
            : type + " NOT raised";

    /// <summary>Outage minutes inside the fault's window, averaged over the ports it concerns.</summary>
    public static double DetectedMinutes(IEnumerable<Outage> outages, InjectedFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var from = fault.Start.ToUnixTimeMilliseconds();
        var to = fault.End.ToUnixTimeMilliseconds();
        var byPort = outages
            .Where(o => o.ChargePoint == fault.ChargePoint && (fault.Port is null || o.Port == fault.Port))
            .GroupBy(o => o.Port)
            .Select(g => g.Sum(o => Math.Max(0, Math.Min(o.EndMs ?? to, to) - Math.Max(o.StartMs, from))) / 60_000.0)
            .ToList();
        return byPort.Count == 0 ? 0 : byPort.Average();
    }

    private static double Ratio(double observed, double down) => observed <= 0 ? 0 : (observed - down) / observed;

    private static string Percent(double observed, double down) => Invariant($"{Ratio(observed, down) * 100:F2} %");

    private static string Time(long unixMs) =>
        DateTime.UnixEpoch.AddMilliseconds(unixMs).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
