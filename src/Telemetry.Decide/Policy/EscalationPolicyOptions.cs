using Telemetry.Decide.Classification;

namespace Telemetry.Decide.Policy;

/// <summary>
/// The escalation policy (configuration section <c>Escalation</c>, shipped in
/// ops/escalation-policy.json and documented in docs/escalation.md). Plain settable properties so
/// that any configuration binder can fill it; <see cref="Validate"/> names the first bad key.
/// </summary>
public sealed class EscalationPolicyOptions
{
    public const string Section = "Escalation";

    public EscalationPolicyOptions()
    {
        Causes["comms"] = new CausePolicyOptions { InitialOwner = "frontline", FinalOwner = "field", TimeLimit = TimeSpan.FromHours(4) };
        Causes["power"] = new CausePolicyOptions { InitialOwner = "techops", FinalOwner = "field", TimeLimit = TimeSpan.FromHours(2), RemoteRecovery = false };
        Causes["hardware"] = new CausePolicyOptions { InitialOwner = "techops", FinalOwner = "field", TimeLimit = TimeSpan.FromHours(8) };
        Causes["connector"] = new CausePolicyOptions { InitialOwner = "frontline", FinalOwner = "field", TimeLimit = TimeSpan.FromHours(4) };
        Causes["auth"] = new CausePolicyOptions { InitialOwner = "frontline", FinalOwner = "field", TimeLimit = TimeSpan.FromHours(2), SystemicOwner = "techops" };
        Causes["billing"] = new CausePolicyOptions { InitialOwner = "frontline", FinalOwner = "techops", TimeLimit = TimeSpan.FromHours(8), SystemicOwner = "techops", RemoteRecovery = false };
        Causes["firmware"] = new CausePolicyOptions { InitialOwner = "techops", FinalOwner = "vendor", TimeLimit = TimeSpan.FromHours(24) };
        Causes["thermal"] = new CausePolicyOptions { InitialOwner = "techops", FinalOwner = "field", TimeLimit = TimeSpan.FromHours(8), RemoteRecovery = false };
        Causes["session"] = new CausePolicyOptions { InitialOwner = "frontline", FinalOwner = "field", TimeLimit = TimeSpan.FromHours(8) };
        Causes["unknown"] = new CausePolicyOptions { InitialOwner = "frontline", FinalOwner = "field", TimeLimit = TimeSpan.FromHours(4) };
    }

    public CorrelationOptions Correlation { get; set; } = new();

    public ResolutionOptions Resolution { get; set; } = new();

    public RecurrenceOptions Recurrence { get; set; } = new();

    public ProactiveRepairOptions ProactiveRepair { get; set; } = new();

    public RestartOptions Restarts { get; set; } = new();

    /// <summary>Per cause (lower-case names of DESIGN §2.3); every cause has an entry by default.</summary>
    public Dictionary<string, CausePolicyOptions> Causes { get; } = new(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first key whose value cannot be used.</summary>
    public void Validate()
    {
        Positive(Correlation.GroupWait, "Correlation:GroupWait");
        Positive(Correlation.SiteWindow, "Correlation:SiteWindow");
        AtLeast(Correlation.SiteMinChargers, 2, "Correlation:SiteMinChargers");
        Positive(Correlation.FleetGroupWait, "Correlation:FleetGroupWait");
        Positive(Correlation.FleetWindow, "Correlation:FleetWindow");
        AtLeast(Correlation.FleetMinSites, 2, "Correlation:FleetMinSites");
        for (var i = 0; i < Correlation.FleetSignalTypes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Correlation.FleetSignalTypes[i]))
            {
                throw Bad($"Correlation:FleetSignalTypes:{i}", "must name a signal type");
            }
        }

        Positive(Resolution.HoldPeriod, "Resolution:HoldPeriod");
        Positive(Resolution.BootGrace, "Resolution:BootGrace");
        AtLeast(Recurrence.Count, 2, "Recurrence:Count");
        Positive(Recurrence.Window, "Recurrence:Window");
        OwnerName(Recurrence.Owner, "Recurrence:Owner");
        AtLeast(ProactiveRepair.SelfRecoveries, 2, "ProactiveRepair:SelfRecoveries");
        Positive(ProactiveRepair.Window, "ProactiveRepair:Window");
        OwnerName(ProactiveRepair.Owner, "ProactiveRepair:Owner");
        AtLeast(Restarts.MaxPerChargerPerDay, 0, "Restarts:MaxPerChargerPerDay");
        if (Restarts.BackOff < TimeSpan.Zero)
        {
            throw Bad("Restarts:BackOff", "must not be negative");
        }

        Positive(Restarts.ResultTimeout, "Restarts:ResultTimeout");
        Positive(Restarts.RecoveryTimeout, "Restarts:RecoveryTimeout");

        foreach (var (name, cause) in Causes)
        {
            var key = "Causes:" + name;
            if (!PolicyNames.TryParseCause(name, out _))
            {
                throw Bad(key, $"is not a cause; use one of {string.Join(", ", PolicyNames.Causes)}");
            }

            if (cause is null)
            {
                throw Bad(key, "must be an object");
            }

            var initial = OwnerName(cause.InitialOwner, key + ":InitialOwner");
            var final = OwnerName(cause.FinalOwner, key + ":FinalOwner");
            OwnerName(cause.SystemicOwner, key + ":SystemicOwner");
            if (final < initial)
            {
                throw Bad(key + ":FinalOwner", $"'{cause.FinalOwner}' comes before InitialOwner '{cause.InitialOwner}' in frontline → techops → field → vendor");
            }

            Positive(cause.TimeLimit, key + ":TimeLimit");
        }

        foreach (var name in PolicyNames.Causes)
        {
            if (!Causes.ContainsKey(name))
            {
                throw Bad("Causes:" + name, "is missing; every cause needs an entry");
            }
        }
    }

    internal CausePolicyOptions For(IncidentCause cause) => Causes[PolicyNames.Of(cause)];

    private static void Positive(TimeSpan value, string key)
    {
        if (value <= TimeSpan.Zero)
        {
            throw Bad(key, "must be a positive time span (e.g. 04:00:00)");
        }
    }

    private static void AtLeast(int value, int minimum, string key)
    {
        if (value < minimum)
        {
            throw Bad(key, $"must be at least {minimum}");
        }
    }

    private static Owner OwnerName(string? value, string key) =>
        PolicyNames.TryParseOwner(value, out var owner)
            ? owner
            : throw Bad(key, $"'{value}' is not an owner; use one of {string.Join(", ", PolicyNames.Owners)}");

    private static ArgumentException Bad(string key, string problem) => new($"{Section}:{key} {problem}.");
}
