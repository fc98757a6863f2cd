using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests.Operations;

/// <summary>
/// Debian's <c>prometheus</c> binary on 127.0.0.1 with a configuration of the test's making and
/// its own data directory, queried over its HTTP API. A missing binary fails the test: ops/test.sh
/// installs the package.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private const string Binary = "prometheus";

    private readonly Process _process;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, Uri address)
    {
        _process = process;
        _http = new HttpClient { BaseAddress = address };
    }

    public static async Task<PrometheusServer> StartAsync(string configFile, string dataDirectory, TimeSpan timeout)
    {
        var port = MetricsScraper.FreePort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--config.file=" + configFile);
        start.ArgumentList.Add("--storage.tsdb.path=" + dataDirectory);
        start.ArgumentList.Add("--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture));
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Debian's prometheus is not installed (apt-get install prometheus; ops/test.sh does it): " + e.Message, e);
        }

        // Its log goes to stderr; drained so that a full pipe never blocks it.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitUntilReadyAsync(timeout);
        return server;
    }

    /// <summary>The result vector of an instant query, as (labels, value) pairs.</summary>
    public async Task<IReadOnlyList<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promQl)
    {
        using var document = await GetJsonAsync("api/v1/query?query=" + Uri.EscapeDataString(promQl));
        var results = new List<(Dictionary<string, string>, double)>();
        foreach (var sample in document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
        {
            var labels = sample.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            var value = double.Parse(sample.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
            results.Add((labels, value));
        }

        return results;
    }

    /// <summary>Names of the alerting rules Prometheus has loaded.</summary>
    public async Task<IReadOnlyList<string>> AlertNamesAsync()
    {
        using var document = await GetJsonAsync("api/v1/rules?type=alert");
        return document.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray()
            .SelectMany(g => g.GetProperty("rules").EnumerateArray())
            .Select(r => r.GetProperty("name").GetString()!)
            .ToList();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        _http.Dispose();
    }

    private async Task<JsonDocument> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode} before it was ready");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative), guard.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, guard.Token);
        }
    }
}
