using Telemetry.Decide.Classification;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Policy;

/// <summary>The lower-case names the policy file and the outputs use for owners, causes, scopes and recoveries.</summary>
public static class PolicyNames
{
    private static readonly string[] s_owners = ["frontline", "techops", "field", "vendor"];
    private static readonly string[] s_causes = ["unknown", "comms", "power", "hardware", "connector", "auth", "billing", "firmware", "thermal", "session"];
    private static readonly string[] s_recoveries = ["remote", "field", "vendor"];
    private static readonly string[] s_layers = ["hardware", "site", "platform"];

    public static IReadOnlyList<string> Causes => s_causes;

    public static IReadOnlyList<string> Owners => s_owners;

    public static string Of(Owner owner) => s_owners[(int)owner];

    public static string Of(IncidentCause cause) => s_causes[(int)cause];

    public static string Of(Recoverability recovery) => s_recoveries[(int)recovery];

    public static string Of(ProblemLayer layer) => s_layers[(int)layer];

    public static string Of(SignalScope scope) => scope switch
    {
        SignalScope.Connector => "connector",
        SignalScope.Charger => "charger",
        SignalScope.Site => "site",
        _ => "fleet",
    };

    public static bool TryParseOwner(string? name, out Owner owner)
    {
        var index = Array.IndexOf(s_owners, name);
        owner = (Owner)Math.Max(index, 0);
        return index >= 0;
    }

    /// <summary>Parses an owner of a policy that <see cref="EscalationPolicyOptions.Validate"/> accepted.</summary>
    internal static Owner ParseOwner(string name) =>
        TryParseOwner(name, out var owner) ? owner : throw new ArgumentException($"'{name}' is not an owner.", nameof(name));

    public static bool TryParseCause(string? name, out IncidentCause cause)
    {
        var index = Array.IndexOf(s_causes, name);
        cause = (IncidentCause)Math.Max(index, 0);
        return index >= 0;
    }
}
