using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Telemetry.Cli.Hosting;

/// <summary>
/// Serves <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> when a port is configured
/// (<c>--metrics-port</c> or <c>Metrics:Port</c>). Metrics are the executable's prometheus-net
/// series and the System.Diagnostics.Metrics meters of the libraries (names starting
/// <c>Telemetry.</c>) through prometheus-net's meter adapter, so library code needs no exporter
/// reference.
/// </summary>
/// <remarks>
/// Kestrel (the shared ASP.NET Core framework) rather than prometheus-net's MetricServer, which
/// answers the metrics path only while orchestrators also probe liveness and readiness, and rather
/// than the BCL's <see cref="HttpListener"/>, whose managed implementation on Linux fails to start
/// when a connection arrives while it starts (a scrape during a restart made the command exit).
/// </remarks>
internal sealed class MetricsEndpoint : IDisposable
{
    private const string TextFormat = "text/plain; version=0.0.4; charset=utf-8";
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(5);

    private readonly IDisposable _meters;
    private readonly WebApplication _server;

    private MetricsEndpoint(string host, int port, HealthState health)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{(host is "0.0.0.0" or "*" or "::" ? "*" : host)}:{port}");
        _server = builder.Build();
        _server.MapGet("/metrics", static async context =>
        {
            context.Response.ContentType = TextFormat;
            await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        _server.MapGet("/healthz", static context => WriteAsync(context, HttpStatusCode.OK, "ok\n"));
        _server.MapGet("/readyz", context => health.Ready
            ? WriteAsync(context, HttpStatusCode.OK, "ready\n")
            : WriteAsync(context, HttpStatusCode.ServiceUnavailable, "not ready\n"));
        _server.MapFallback(static context => WriteAsync(context, HttpStatusCode.NotFound, "not found: try /metrics, /healthz or /readyz\n"));
        _meters = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            InstrumentFilterPredicate = static instrument => instrument.Meter.Name.StartsWith("Telemetry.", StringComparison.Ordinal),
        });
        try
        {
            _server.StartAsync().GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            _meters.Dispose();
            ((IDisposable)_server).Dispose();
            throw new InvalidOperationException($"cannot serve metrics on {host}:{port}: {e.Message}", e);
        }
    }

    public static MetricsEndpoint? StartIfConfigured(IConfiguration configuration, HealthState health)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var port = configuration.GetValue<int?>("Metrics:Port");
        if (port is null or 0)
        {
            return null;
        }

        return new MetricsEndpoint(configuration.GetValue<string>("Metrics:Host") ?? "127.0.0.1", port.Value, health);
    }

    public void Dispose()
    {
        using (var stop = new CancellationTokenSource(s_stopTimeout))
        {
            _server.StopAsync(stop.Token).GetAwaiter().GetResult();
        }

        ((IDisposable)_server).Dispose();
        _meters.Dispose();
    }

    private static Task WriteAsync(HttpContext context, HttpStatusCode status, string body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = TextFormat;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }
}
