using Microsoft.Extensions.Configuration;
using Telemetry.Cli.Commands;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Processing;
using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>The shutdown and readiness settings of <c>process</c> and <c>correlate</c>: validation and the process-level bound derived from them.</summary>
public sealed class ShutdownOptionsTests
{
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    public void Validate_NamesTheKey_WhenCorrelateShutdownTimeoutIsNotPositive(string timeout)
    {
        var options = new CorrelateOptions { ShutdownTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Correlate:ShutdownTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesTheKey_WhenCorrelateReadyMaxLagIsNegative()
    {
        var error = Assert.Throws<ArgumentException>(new CorrelateOptions { ReadyMaxLag = -1 }.Validate);

        Assert.Contains("Correlate:ReadyMaxLag", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    public void Validate_NamesTheKey_WhenProcessingShutdownTimeoutIsNotPositive(string timeout)
    {
        var options = new ProcessingOptions { ShutdownTimeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Processing:ShutdownTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Accepts_TheDefaults()
    {
        new CorrelateOptions().Validate();
        new ProcessingOptions().Validate();

        Assert.Equal(TimeSpan.FromSeconds(30), new CorrelateOptions().ShutdownTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), new ProcessingOptions().ShutdownTimeout);
    }

    [Fact]
    public async Task Correlate_ExitsWithBadUsageNamingTheKey_WhenShutdownTimeoutIsZero()
    {
        // Rejected before any connection: the port needs no listener.
        var result = await TelemetryProcess.RunAsync(
            new Dictionary<string, string> { ["TELEMETRY_Correlate__ShutdownTimeout"] = "00:00:00" },
            "correlate", "--kafka", "127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Correlate:ShutdownTimeout must be positive", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_ExitsWithBadUsageNamingTheKey_WhenShutdownTimeoutIsNegative()
    {
        var result = await TelemetryProcess.RunAsync(
            new Dictionary<string, string> { ["TELEMETRY_Processing__ShutdownTimeout"] = "-00:00:01" },
            "process", "--kafka", "127.0.0.1:1", "--timescale", "Host=127.0.0.1;Port=1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Processing:ShutdownTimeout must be positive", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Gateway:ShutdownTimeout")]
    [InlineData("Processing:ShutdownTimeout")]
    [InlineData("Correlate:ShutdownTimeout")]
    public void Of_CoversTheLargestTimeout_WhicheverKeySetsIt(string key)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Gateway:ShutdownTimeout"] = "00:00:20",
                ["Processing:ShutdownTimeout"] = "00:00:20",
                ["Correlate:ShutdownTimeout"] = "00:00:20",
                [key] = "00:10:00",
            })
            .Build();

        Assert.Equal(TimeSpan.FromMinutes(10) + ShutdownBudget.Margin, ShutdownBudget.Of(configuration));
    }

    [Fact]
    public void Of_KeepsTheDefaultBound_WhenNothingIsSetOrAValueDoesNotParse()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Correlate:ShutdownTimeout"] = "soon" })
            .Build();

        Assert.Equal(TimeSpan.FromSeconds(30) + ShutdownBudget.Margin, ShutdownBudget.Of(configuration));
    }
}
