using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Telemetry.Cli.Pipeline;
using Telemetry.Kafka;
using Telemetry.Kafka.Publishing;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Ingest;

/// <summary>
/// The edge gateway of <c>telemetry ingest --listen</c>: accepts tap streams over TCP and runs
/// each as a <see cref="TapConnection"/> until the peer closes it or the gateway stops. Every
/// second it publishes the connections' counters and the producer's queue depth to Prometheus.
/// </summary>
/// <remarks>
/// A tap stream cannot be read again, so a message Kafka refuses for good is lost: every second
/// the gateway logs an error with the messages newly undelivered, the delivery-error counter
/// carries them, and <c>telemetry ingest</c> exits 1 when it stops. A message refused as it is
/// handed over ends its stream with a reset (<see cref="CutOff"/>). Kafka being down is not a
/// failure: the publisher waits for it (<see cref="DeliveryGuarantees.WaitWhileDown"/>), and the
/// full queue stops the connections' reads.
/// </remarks>
internal sealed partial class TapGateway(
    KafkaPublisher publisher,
    KafkaOptions kafkaOptions,
    TapReaderOptions tapOptions,
    GatewayOptions options,
    ILogger<TapGateway> logger) : IDisposable
{
    private static readonly TimeSpan s_publishInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<TapConnection, Task> _open = new();
    private readonly GatewayMetrics _metrics = new();
    private Socket? _listener;
    private long _accepted;
    private long _refused;
    private long _events;
    private long _rejected;
    private long _errorsLogged;
    private long _cutOff;

    /// <summary>Connections accepted so far.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Connections closed at accept because <see cref="GatewayOptions.MaxConnections"/> were open.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Events produced by connections that have ended.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Records dead-lettered by connections that have ended.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>
    /// Streams ended because Kafka refused a message as it was handed over (e.g. the topic is not
    /// writable): the rest of each was not read, and its sender saw the connection reset.
    /// </summary>
    public long CutOff => Interlocked.Read(ref _cutOff);

    public int OpenConnections => _open.Count;

    /// <summary>Binds and listens; returns the bound end point (port 0 picks a free port).</summary>
    public IPEndPoint Listen(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endPoint);
            listener.Listen(backlog: 512);
        }
        catch (SocketException e)
        {
            listener.Dispose();
            throw new InvalidOperationException($"cannot listen on {endPoint}: {e.Message}", e);
        }

        _listener = listener;
        return (IPEndPoint)listener.LocalEndPoint!;
    }

    /// <summary>Accepts connections until <paramref name="cancellationToken"/> is cancelled, then waits for the open ones to stop.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var listener = _listener ?? throw new InvalidOperationException("Listen before RunAsync.");
        var publishing = PublishAsync(cancellationToken);
        try
        {
            while (true)
            {
                var socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                if (_open.Count >= options.MaxConnections)
                {
                    Interlocked.Increment(ref _refused);
                    LogRefused(socket.RemoteEndPoint?.ToString() ?? "?", options.MaxConnections);
                    socket.Dispose();
                    continue;
                }

                Interlocked.Increment(ref _accepted);
                socket.NoDelay = true;
                var connection = new TapConnection(socket, publisher, kafkaOptions, tapOptions);
                _open[connection] = ServeAsync(connection, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the open connections see the same token.
        }
        finally
        {
            listener.Dispose();
            await Task.WhenAll(_open.Values).ConfigureAwait(false);
            await publishing.ConfigureAwait(false);
            PublishMetrics();
            LogNewDeliveryErrors();
        }
    }

    public void Dispose() => _listener?.Dispose();

    private async Task ServeAsync(TapConnection connection, CancellationToken cancellationToken)
    {
        // Off the accept loop at once: the connection's first read may complete synchronously.
        await Task.Yield();
        LogOpened(connection.Source);
        var context = connection.Context;
        try
        {
            var read = await connection.RunAsync(cancellationToken).ConfigureAwait(false);
            LogClosed(connection.Source, read.Records, context.Ingested.Total, read.Rejected);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogStopped(connection.Source, context.Ingested.Total, context.Rejected.Total);
        }
        catch (Confluent.Kafka.KafkaException e)
        {
            Interlocked.Increment(ref _cutOff);
            LogCutOff(connection.Source, e.Error.Reason, context.Ingested.Total, context.Rejected.Total);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            LogBroken(connection.Source, e.Message, context.Ingested.Total, context.Rejected.Total);
        }
        finally
        {
            context.Ingested.Publish();
            context.Rejected.Publish();
            Interlocked.Add(ref _events, context.Ingested.Total);
            Interlocked.Add(ref _rejected, context.Rejected.Total);
            _open.TryRemove(connection, out _);
            connection.Dispose();
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(s_publishInterval);
        var sinceStatus = TimeSpan.Zero;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // Delivery reports are served by producing threads; idle connections produce nothing.
                publisher.Poll();
                PublishMetrics();
                LogNewDeliveryErrors();
                sinceStatus += s_publishInterval;
                if (sinceStatus >= options.StatusInterval)
                {
                    sinceStatus = TimeSpan.Zero;
                    LogStatus(_open.Count, publisher.Produced, publisher.Delivered, publisher.InFlight, publisher.DeliveryErrors);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void LogNewDeliveryErrors()
    {
        var errors = publisher.DeliveryErrors;
        if (errors > _errorsLogged)
        {
            LogUndelivered(errors - _errorsLogged, errors);
            _errorsLogged = errors;
        }
    }

    private void PublishMetrics()
    {
        foreach (var connection in _open.Keys)
        {
            connection.Context.Ingested.Publish();
            connection.Context.Rejected.Publish();
        }

        _metrics.Publish(_open.Count, Refused, publisher);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tap stream {Source} connected")]
    private partial void LogOpened(string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tap stream {Source} closed: {Records} records, {Events} events, {Rejected} rejected")]
    private partial void LogClosed(string source, long records, long events, long rejected);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tap stream {Source} stopped by shutdown: {Events} events, {Rejected} rejected")]
    private partial void LogStopped(string source, long events, long rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tap stream {Source} broke: {Reason}; {Events} events, {Rejected} rejected before")]
    private partial void LogBroken(string source, string reason, long events, long rejected);

    [LoggerMessage(Level = LogLevel.Error, Message = "Kafka refused {Count} messages of tap streams for good ({Total} so far): they are lost, a tap stream cannot be read again; ingest will exit 1")]
    private partial void LogUndelivered(long count, long total);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tap stream {Source} cut off: Kafka refused a message ({Reason}); the rest of the stream was not read; {Events} events, {Rejected} rejected before; ingest will exit 1")]
    private partial void LogCutOff(string source, string reason, long events, long rejected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a tap stream from {Source}: {Max} connections already open (Gateway:MaxConnections)")]
    private partial void LogRefused(string source, int max);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Connections} tap streams open; {Produced} messages produced, {Delivered} delivered, {InFlight} in flight, {Errors} delivery errors")]
    private partial void LogStatus(int connections, long produced, long delivered, long inFlight, long errors);
}
