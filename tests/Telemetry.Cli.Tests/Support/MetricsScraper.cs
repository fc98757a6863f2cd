using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Telemetry.Cli.Hosting;

namespace Telemetry.Cli.Tests.Support;

/// <summary>
/// Scrapes <c>/metrics</c> and <c>/readyz</c> on a free loopback port: either this test process's
/// own <see cref="MetricsEndpoint"/> (<see cref="Serve"/>) or a child process told the port
/// (<see cref="ForChild"/>).
/// </summary>
internal sealed class MetricsScraper : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly MetricsEndpoint? _endpoint;

    private MetricsScraper(int port, HealthState health, MetricsEndpoint? endpoint)
    {
        Port = port;
        Health = health;
        _endpoint = endpoint;
    }

    public int Port { get; }

    /// <summary>What the served <c>/readyz</c> answers from.</summary>
    public HealthState Health { get; }

    /// <summary>The port as configuration text (<c>Metrics:Port</c>, <c>--metrics-port</c>).</summary>
    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts a <see cref="MetricsEndpoint"/> of this process on a free port, as <c>Metrics:Port</c> configures it.</summary>
    public static MetricsScraper Serve()
    {
        var port = FreePort();
        var health = new HealthState();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString(CultureInfo.InvariantCulture) })
            .Build();
        var endpoint = MetricsEndpoint.StartIfConfigured(configuration, health) ?? throw new InvalidOperationException("no endpoint started");
        return new MetricsScraper(port, health, endpoint);
    }

    /// <summary>A free port for a child process to serve on; nothing is served here.</summary>
    public static MetricsScraper ForChild() => new(FreePort(), new HealthState(), endpoint: null);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}/{path}");

    public Task<string> MetricsAsync(CancellationToken cancellationToken = default) => _http.GetStringAsync(Url("metrics"), cancellationToken);

    /// <summary>The status of <c>/readyz</c>, or null while nothing listens on the port yet.</summary>
    public async Task<HttpStatusCode?> ReadyzAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return (await _http.GetAsync(Url("readyz"), cancellationToken)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Scrapes until <paramref name="done"/> holds for the text; fails with the last text (and <paramref name="state"/>) at <paramref name="timeout"/>.</summary>
    public async Task<string> MetricsUntilAsync(Func<string, bool> done, TimeSpan timeout, Func<string>? state = null)
    {
        using var guard = new CancellationTokenSource(timeout);
        var text = string.Empty;
        while (!guard.IsCancellationRequested)
        {
            try
            {
                text = await MetricsAsync(guard.Token);
                if (done(text))
                {
                    return text;
                }

                await Task.Delay(50, guard.Token);
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Assert.Fail($"/metrics never met the condition within {timeout}:\n{text}\n{state?.Invoke()}");
        return text;
    }

    public void Dispose()
    {
        _endpoint?.Dispose();
        _http.Dispose();
    }
}
