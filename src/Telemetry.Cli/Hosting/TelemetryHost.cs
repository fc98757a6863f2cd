using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telemetry.Cli.Correlation;
using Telemetry.Cli.Ingest;
using Telemetry.Cli.Pipeline;
using Telemetry.Cli.Processing;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Kafka;
using Telemetry.Ocpp.Tap;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Hosting;

/// <summary>
/// Builds the .NET Generic Host a command runs in. Configuration, lowest precedence first:
/// appsettings.json beside the executable (the embedded defaults), appsettings.json in the
/// working directory, <c>TELEMETRY_*</c> environment variables (<c>__</c> separates sections),
/// then the options given on the command line. Logs go to stderr so stdout carries results.
/// </summary>
internal static class TelemetryHost
{
    public const string EnvironmentPrefix = "TELEMETRY_";

    public static IHost Build(IReadOnlyDictionary<string, string?> commandLine)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "escalation-policy.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddInMemoryCollection(commandLine);

        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var detectors = Bind<DetectorOptions>(builder.Configuration, "Detectors");
        detectors.Validate();
        builder.Services.AddSingleton(detectors);
        var policy = Bind<EscalationPolicyOptions>(builder.Configuration, EscalationPolicyOptions.Section);
        policy.Validate();
        builder.Services.AddSingleton(policy);
        builder.Services.AddSingleton(Bind<KafkaOptions>(builder.Configuration, "Kafka"));
        builder.Services.AddSingleton(Bind<TapReaderOptions>(builder.Configuration, "Ingest"));
        var gateway = Bind<GatewayOptions>(builder.Configuration, "Gateway");
        gateway.Validate();
        builder.Services.AddSingleton(gateway);
        var sink = Bind<SinkOptions>(builder.Configuration, SinkOptions.SectionName);
        sink.Validate();
        builder.Services.AddSingleton(sink);
        var processing = Bind<ProcessingOptions>(builder.Configuration, ProcessingOptions.SectionName);
        processing.Validate();
        builder.Services.AddSingleton(processing);
        var correlate = Bind<CorrelateOptions>(builder.Configuration, CorrelateOptions.SectionName);
        correlate.Validate();
        builder.Services.AddSingleton(correlate);
        builder.Services.AddSingleton<HealthState>();
        builder.Services.AddSingleton<ReplayPipeline>();
        return builder.Build();
    }

    private static T Bind<T>(ConfigurationManager configuration, string section)
        where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(section).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"configuration section '{section}': {e.Message}", e);
        }

        return options;
    }
}
