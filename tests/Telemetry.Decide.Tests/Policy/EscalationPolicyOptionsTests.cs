using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Telemetry.Decide.Policy;

namespace Telemetry.Decide.Tests.Policy;

public sealed class EscalationPolicyOptionsTests
{
    private static string PolicyFile => Path.Combine(AppContext.BaseDirectory, "escalation-policy.json");

    private static EscalationPolicyOptions Bind(string path)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();
        var options = new EscalationPolicyOptions();
        configuration.GetSection(EscalationPolicyOptions.Section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        return options;
    }

    [Fact]
    public void Validate_Accepts_Defaults()
    {
        new EscalationPolicyOptions().Validate();
    }

    [Fact]
    public void Bind_ReadsEveryValue_FromShippedPolicyFile()
    {
        var options = Bind(PolicyFile);
        options.Validate();

        using var json = JsonDocument.Parse(File.ReadAllText(PolicyFile));
        var root = json.RootElement.GetProperty("Escalation");
        Assert.Equal(root.GetProperty("Restarts").GetProperty("MaxPerChargerPerDay").GetInt32(), options.Restarts.MaxPerChargerPerDay);
        Assert.Equal(TimeSpan.Parse(root.GetProperty("Resolution").GetProperty("HoldPeriod").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            options.Resolution.HoldPeriod);
        foreach (var cause in root.GetProperty("Causes").EnumerateObject())
        {
            Assert.Equal(cause.Value.GetProperty("InitialOwner").GetString(), options.Causes[cause.Name].InitialOwner);
            Assert.Equal(cause.Value.GetProperty("FinalOwner").GetString(), options.Causes[cause.Name].FinalOwner);
            Assert.Equal(cause.Value.GetProperty("RemoteRecovery").GetBoolean(), options.Causes[cause.Name].RemoteRecovery);
        }

        Assert.Equal(PolicyNames.Causes.Order(), root.GetProperty("Causes").EnumerateObject().Select(c => c.Name).Order());
    }

    [Fact]
    public void Bind_Overrides_OnlyTheKeysGiven()
    {
        var path = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "Escalation": { "Causes": { "comms": { "TimeLimit": "01:00:00" } } } }""");
        try
        {
            var options = Bind(path);
            options.Validate();
            Assert.Equal(TimeSpan.FromHours(1), options.Causes["comms"].TimeLimit);
            Assert.Equal(new EscalationPolicyOptions().Causes["comms"].InitialOwner, options.Causes["comms"].InitialOwner);
            Assert.Equal(PolicyNames.Causes.Count, options.Causes.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("Escalation:Causes:comms:InitialOwner", "nightshift")]
    [InlineData("Escalation:Causes:power:FinalOwner", "frontline")]
    [InlineData("Escalation:Causes:thermal:TimeLimit", "00:00:00")]
    [InlineData("Escalation:Recurrence:Count", "1")]
    [InlineData("Escalation:Restarts:ResultTimeout", "-00:01:00")]
    [InlineData("Escalation:Correlation:SiteMinChargers", "1")]
    [InlineData("Escalation:ProactiveRepair:Owner", "")]
    public void Validate_NamesTheKey_WhenValueIsBad(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();
        var options = new EscalationPolicyOptions();
        configuration.GetSection(EscalationPolicyOptions.Section).Bind(options);

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith(key + " ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesTheKey_WhenCauseIsUnknown()
    {
        var options = new EscalationPolicyOptions();
        options.Causes["weather"] = new CausePolicyOptions();

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("Escalation:Causes:weather", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesTheKey_WhenCauseIsMissing()
    {
        var options = new EscalationPolicyOptions();
        options.Causes.Remove("billing");

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("Escalation:Causes:billing", error.Message, StringComparison.Ordinal);
    }
}
