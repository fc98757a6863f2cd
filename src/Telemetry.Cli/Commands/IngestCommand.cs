using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telemetry.Cli.Hosting;
using Telemetry.Cli.Ingest;
using Telemetry.Kafka;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Commands;

/// <summary>
/// <c>telemetry ingest --listen HOST:PORT --kafka B</c>: the edge gateway. Runs until SIGTERM or
/// Ctrl+C, then stops accepting, lets the open streams stop, waits for Kafka to acknowledge
/// everything produced (<c>Gateway:ShutdownTimeout</c>) and exits 0 — or 1 when something
/// could not be delivered.
/// </summary>
internal static partial class IngestCommand
{
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to accept tap streams on (port 0 picks a free one, logged at start).", Required = true };
        var kafka = new Option<string?>("--kafka") { Description = "Kafka bootstrap servers; also Kafka:BootstrapServers." };
        var metricsPort = SharedOptions.MetricsPort();
        var command = new Command("ingest", "Edge gateway: tap streams over TCP → telemetry.events (dead letters → telemetry.deadletter).") { listen, kafka, metricsPort };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(("Metrics:Port", parse.GetValue(metricsPort)), ("Kafka:BootstrapServers", parse.GetValue(kafka))),
            (services, ct) => RunAsync(services, EndPointOf(parse.GetValue(listen)!), ct),
            cancellationToken));
        return command;
    }

    /// <summary>Parses <c>HOST:PORT</c> or <c>[V6]:PORT</c>; a host name resolves to its first address.</summary>
    public static IPEndPoint EndPointOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var colon = value.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"--listen: '{value}' is not HOST:PORT.");
        }

        var host = value[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            return new IPEndPoint(Dns.GetHostAddresses(host)[0], port);
        }
        catch (Exception e) when (e is SocketException or IndexOutOfRangeException)
        {
            throw new ArgumentException($"--listen: host '{host}' does not resolve.", e);
        }
    }

    private static async Task<int> RunAsync(IServiceProvider services, IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var kafka = services.GetRequiredService<KafkaOptions>();
        if (string.IsNullOrWhiteSpace(kafka.BootstrapServers))
        {
            throw new ArgumentException("telemetry ingest needs --kafka (or Kafka:BootstrapServers): the gateway writes to a Kafka cluster.");
        }

        var options = services.GetRequiredService<GatewayOptions>();
        var health = services.GetRequiredService<HealthState>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IngestCommand));
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, kafka, "telemetry-ingest");
        var partitions = publisher.PartitionsOf(kafka.EventsTopic, s_metadataTimeout);
        publisher.PartitionsOf(kafka.DeadLetterTopic, s_metadataTimeout);
        using var gateway = new TapGateway(
            publisher, kafka, services.GetRequiredService<TapReaderOptions>(), options, services.GetRequiredService<ILogger<TapGateway>>());
        var bound = gateway.Listen(endPoint);
        LogListening(logger, bound, kafka.EventsTopic, partitions);
        health.Ready = true;

        await gateway.RunAsync(cancellationToken).ConfigureAwait(false);

        health.Ready = false;
        var flushed = publisher.Flush(options.ShutdownTimeout);
        LogStopped(logger, gateway.Accepted, gateway.Events, gateway.Rejected, publisher.Delivered, publisher.DeliveryErrors);
        if (!flushed)
        {
            LogNotFlushed(logger, publisher.InFlight, options.ShutdownTimeout.TotalSeconds);
            return ExitCodes.Failure;
        }

        return publisher.DeliveryErrors == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for tap streams on {EndPoint}; events to {Topic} ({Partitions} partitions)")]
    private static partial void LogListening(ILogger logger, IPEndPoint endPoint, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway stopped: {Connections} streams served, {Events} events, {Rejected} dead letters; {Delivered} messages delivered, {Errors} delivery errors")]
    private static partial void LogStopped(ILogger logger, long connections, long events, long rejected, long delivered, long errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "{InFlight} messages were still unacknowledged after {Seconds} s (Gateway:ShutdownTimeout)")]
    private static partial void LogNotFlushed(ILogger logger, long inFlight, double seconds);
}
