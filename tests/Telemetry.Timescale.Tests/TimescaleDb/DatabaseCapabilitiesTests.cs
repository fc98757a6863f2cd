using Telemetry.Testing;
using Telemetry.Timescale.Capabilities;

namespace Telemetry.Timescale.Tests.TimescaleDb;

/// <summary>The capability probe on both test servers: Debian's PostgreSQL and TimescaleDB.</summary>
public class DatabaseCapabilitiesTests
{
    [Fact]
    public async Task ProbeAsync_FindsTimescaleWithCommunityLicense_OnTimescaleServer()
    {
        await using var db = await ThrowawayTimescale.CreateAsync();

        var capabilities = await DatabaseCapabilities.ProbeAsync(db.DataSource);

        Assert.True(capabilities.HasTimescale);
        Assert.StartsWith("2.23.", capabilities.TimescaleVersion);
        Assert.Equal("timescale", capabilities.TimescaleLicense);
        Assert.True(capabilities.HasCommunityFeatures);
        Assert.Equal(17, capabilities.ServerMajorVersion);
        Assert.StartsWith("17.", capabilities.ServerVersion);
    }

    [Fact]
    public async Task ProbeAsync_FindsNoTimescale_OnPostgreSql15()
    {
        await using var db = await ThrowawayDatabase.CreateAsync();

        var capabilities = await DatabaseCapabilities.ProbeAsync(db.DataSource);

        Assert.False(capabilities.HasTimescale);
        Assert.Null(capabilities.TimescaleVersion);
        Assert.Null(capabilities.TimescaleLicense);
        Assert.False(capabilities.HasCommunityFeatures);
        Assert.False(capabilities.TimescaleInstallable);
        Assert.Equal(15, capabilities.ServerMajorVersion);
        Assert.StartsWith("15.", capabilities.ServerVersion);
    }

    [Fact]
    public void HasCommunityFeatures_IsFalse_WhenLicenseIsApacheOnly()
    {
        var apacheOnly = new DatabaseCapabilities("17.5", 170005, "2.23.0", "apache", TimescaleInstallable: false);

        Assert.True(apacheOnly.HasTimescale);
        Assert.False(apacheOnly.HasCommunityFeatures);
    }

    [Fact]
    public void HasCommunityFeatures_IsFalse_WhenTimescaleIsPreloadedButNotInstalled()
    {
        var notInstalled = new DatabaseCapabilities("17.5", 170005, null, "timescale", TimescaleInstallable: true);

        Assert.False(notInstalled.HasTimescale);
        Assert.False(notInstalled.HasCommunityFeatures);
    }
}
