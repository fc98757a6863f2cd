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
/// <c>telemetry ingest --listen HOST:PORT --from-topic T --kafka B</c>: the edge gateway, over
/// TCP tap streams, a Kafka topic of raw frames, or both. Runs until SIGTERM or Ctrl+C, then
/// stops accepting and consuming, lets the open streams stop, waits for Kafka to acknowledge
/// everything produced (<c>Gateway:ShutdownTimeout</c>), commits the raw records whose events
/// were delivered, and exits 0 — or 1 when something could not be delivered.
/// </summary>
internal static partial class IngestCommand
{
    private static readonly TimeSpan s_metadataTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var listen = new Option<string?>("--listen") { Description = "HOST:PORT to accept tap streams on (port 0 picks a free one, logged at start)." };
        var fromTopic = new Option<string?>("--from-topic") { Description = "Kafka topic of raw frames (tap records or bare OCPP-J frames keyed by charge point id) to ingest." };
        var kafka = new Option<string?>("--kafka") { Description = "Kafka bootstrap servers; also Kafka:BootstrapServers." };
        var metricsPort = SharedOptions.MetricsPort();
        var command = new Command("ingest", "Edge gateway: tap streams over TCP and/or a Kafka topic of raw frames → telemetry.events (dead letters → telemetry.deadletter).")
        {
            listen, fromTopic, kafka, metricsPort,
        };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(
            SharedOptions.Settings(("Metrics:Port", parse.GetValue(metricsPort)), ("Kafka:BootstrapServers", parse.GetValue(kafka))),
            (services, ct) => RunAsync(services, parse.GetValue(listen), parse.GetValue(fromTopic), ct),
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

    private static async Task<int> RunAsync(IServiceProvider services, string? listen, string? fromTopic, CancellationToken cancellationToken)
    {
        if (listen is null && string.IsNullOrWhiteSpace(fromTopic))
        {
            throw new ArgumentException("telemetry ingest needs --listen HOST:PORT, --from-topic TOPIC, or both.");
        }

        var endPoint = listen is null ? null : EndPointOf(listen);
        var kafka = services.GetRequiredService<KafkaOptions>();
        if (string.IsNullOrWhiteSpace(kafka.BootstrapServers))
        {
            throw new ArgumentException("telemetry ingest needs --kafka (or Kafka:BootstrapServers): the gateway writes to a Kafka cluster.");
        }

        var options = services.GetRequiredService<GatewayOptions>();
        var health = services.GetRequiredService<HealthState>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IngestCommand));
        var tap = services.GetRequiredService<TapReaderOptions>();
        // Kafka being down holds the inputs back rather than failing messages after a timeout.
        using var publisher = new KafkaPublisher(kafka.BootstrapServers, kafka, "telemetry-ingest", DeliveryGuarantees.WaitWhileDown);
        var partitions = publisher.PartitionsOf(kafka.EventsTopic, s_metadataTimeout);
        publisher.PartitionsOf(kafka.DeadLetterTopic, s_metadataTimeout);

        // The raw-frame input has a publisher of its own: its commits wait for its messages only.
        using var framesPublisher = fromTopic is null
            ? null
            : new KafkaPublisher(kafka.BootstrapServers, kafka, "telemetry-ingest-frames", RawFrameIngest.PublisherGuarantees);
        if (fromTopic is not null)
        {
            publisher.PartitionsOf(fromTopic, s_metadataTimeout);
        }

        using var frames = fromTopic is null
            ? null
            : new RawFrameIngest(kafka.BootstrapServers, framesPublisher!, kafka, tap, options, fromTopic, services.GetRequiredService<ILogger<RawFrameIngest>>());
        using var gateway = endPoint is null
            ? null
            : new TapGateway(publisher, kafka, tap, options, services.GetRequiredService<ILogger<TapGateway>>());
        if (gateway is not null)
        {
            var bound = gateway.Listen(endPoint!);
            LogListening(logger, bound, kafka.EventsTopic, partitions);
        }

        if (frames is not null)
        {
            LogConsuming(logger, fromTopic!, options.RawFramesGroupId, kafka.EventsTopic, partitions);
        }

        health.Ready = true;
        // A raw-frame input stopped by a refused delivery stops the whole command, which exits 1.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Messages never time out (WaitWhileDown): on shutdown with Kafka down, writers blocked on a
        // full queue must give up, or the inputs would never stop.
        using var stopTapWaits = stopping.Token.Register(static p => ((KafkaPublisher)p!).StopWaiting(), publisher);
        using var stopFrameWaits = framesPublisher is null
            ? default
            : stopping.Token.Register(static p => ((KafkaPublisher)p!).StopWaiting(), framesPublisher);
        await Task.WhenAll(
            gateway?.RunAsync(stopping.Token) ?? Task.CompletedTask,
            frames is null ? Task.CompletedTask : StopAllWhenEndedAsync(frames.RunAsync(stopping.Token), stopping)).ConfigureAwait(false);

        health.Ready = false;
        var flushed = publisher.Flush(options.ShutdownTimeout);
        if (gateway is not null)
        {
            LogStopped(logger, gateway.Accepted, gateway.Events, gateway.Rejected, publisher.Delivered, publisher.DeliveryErrors);
        }

        if (!flushed)
        {
            LogNotFlushed(logger, publisher.InFlight, options.ShutdownTimeout.TotalSeconds);
            return ExitCodes.Failure;
        }

        var errors = publisher.DeliveryErrors + (framesPublisher?.DeliveryErrors ?? 0);
        var stoppedInputs = (gateway?.CutOff ?? 0) + (frames?.Failed == true ? 1 : 0);
        if (errors == 0 && stoppedInputs == 0)
        {
            return ExitCodes.Ok;
        }

        LogUndelivered(logger, errors, stoppedInputs);
        return ExitCodes.Failure;
    }

    private static async Task StopAllWhenEndedAsync(Task run, CancellationTokenSource stopping)
    {
        try
        {
            await run.ConfigureAwait(false);
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for tap streams on {EndPoint}; events to {Topic} ({Partitions} partitions)")]
    private static partial void LogListening(ILogger logger, IPEndPoint endPoint, string topic, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming raw frames from {Topic} in group {Group}; events to {EventsTopic} ({Partitions} partitions)")]
    private static partial void LogConsuming(ILogger logger, string topic, string group, string eventsTopic, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway stopped: {Connections} streams served, {Events} events, {Rejected} dead letters; {Delivered} messages delivered, {Errors} delivery errors")]
    private static partial void LogStopped(ILogger logger, long connections, long events, long rejected, long delivered, long errors);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Errors} messages were not delivered to Kafka, {Inputs} inputs stopped by a refused message; exiting 1")]
    private static partial void LogUndelivered(ILogger logger, long errors, long inputs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{InFlight} messages were still unacknowledged after {Seconds} s (Gateway:ShutdownTimeout)")]
    private static partial void LogNotFlushed(ILogger logger, long inFlight, double seconds);
}
