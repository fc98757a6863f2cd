using System.Net;
using Microsoft.Extensions.Configuration;
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
/// The BCL's <see cref="HttpListener"/> rather than prometheus-net's MetricServer: that server
/// answers the metrics path only, and orchestrators also probe liveness and readiness.
/// </remarks>
internal sealed class MetricsEndpoint : IDisposable
{
    private const string TextFormat = "text/plain; version=0.0.4; charset=utf-8";

    private readonly HttpListener _listener = new();
    private readonly IDisposable _meters;
    private readonly HealthState _health;
    private readonly Task _serving;

    private MetricsEndpoint(string host, int port, HealthState health)
    {
        _health = health;
        _meters = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            InstrumentFilterPredicate = static instrument => instrument.Meter.Name.StartsWith("Telemetry.", StringComparison.Ordinal),
        });
        var prefixHost = host is "0.0.0.0" or "*" or "::" ? "*" : host;
        _listener.Prefixes.Add($"http://{prefixHost}:{port}/");
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException e)
        {
            _meters.Dispose();
            throw new InvalidOperationException($"cannot serve metrics on {host}:{port}: {e.Message}", e);
        }

        _serving = ServeAsync();
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
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
        _meters.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or IOException)
            {
                // The scraper went away mid-answer; the next request is served as usual.
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var response = context.Response;
        response.ContentType = TextFormat;
        switch (context.Request.Url?.AbsolutePath)
        {
            case "/metrics":
                await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(response.OutputStream).ConfigureAwait(false);
                break;
            case "/healthz":
                await WriteAsync(response, HttpStatusCode.OK, "ok\n").ConfigureAwait(false);
                break;
            case "/readyz":
                var ready = _health.Ready;
                await WriteAsync(response, ready ? HttpStatusCode.OK : HttpStatusCode.ServiceUnavailable, ready ? "ready\n" : "not ready\n").ConfigureAwait(false);
                break;
            default:
                await WriteAsync(response, HttpStatusCode.NotFound, "not found: try /metrics, /healthz or /readyz\n").ConfigureAwait(false);
                break;
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, HttpStatusCode status, string body)
    {
        response.StatusCode = (int)status;
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
    }
}
