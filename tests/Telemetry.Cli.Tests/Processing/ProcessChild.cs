using System.Collections.Concurrent;
using System.Diagnostics;
using Telemetry.Kafka;

namespace Telemetry.Cli.Tests.Processing;

/// <summary>A <c>telemetry process</c> child process, configured through the environment as a deployment would configure it.</summary>
internal sealed class ProcessChild : IDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();

    private ProcessChild(System.Diagnostics.Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    public string Stderr => string.Join('\n', _stderr);

    /// <param name="checkpointInterval">Processing:CheckpointInterval as configuration text; null keeps the default.</param>
    /// <param name="settings">Further configuration (key as in appsettings, e.g. <c>Metrics:Port</c>), set through the environment.</param>
    public static ProcessChild Start(
        string bootstrapServers, KafkaOptions options, string connectionString, string? checkpointInterval = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "telemetry.dll"));
        start.ArgumentList.Add("process");
        start.ArgumentList.Add("--kafka");
        start.ArgumentList.Add(bootstrapServers);
        start.ArgumentList.Add("--timescale");
        start.ArgumentList.Add(connectionString);
        start.Environment["TELEMETRY_Kafka__EventsTopic"] = options.EventsTopic;
        start.Environment["TELEMETRY_Kafka__GroupId"] = options.GroupId;
        foreach (var (key, value) in options.ClientSettings)
        {
            start.Environment["TELEMETRY_Kafka__ClientSettings__" + key] = value;
        }

        // Small, young batches: many commits, so that a kill lands between and within them.
        start.Environment["TELEMETRY_Timescale__Sink__MaxBatchRows"] = "2000";
        start.Environment["TELEMETRY_Timescale__Sink__MaxBatchAge"] = "00:00:00.050";
        if (checkpointInterval is not null)
        {
            start.Environment["TELEMETRY_Processing__CheckpointInterval"] = checkpointInterval;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment["TELEMETRY_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new ProcessChild(System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start telemetry"));
    }

    /// <summary>Waits until a line of stderr contains <paramref name="text"/>; fails with stderr when the process exits first or at <paramref name="timeout"/>.</summary>
    public async Task WaitForStderrAsync(string text, TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        while (!_stderr.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                Assert.Fail($"telemetry process exited ({_process.ExitCode}) before logging '{text}':\n{Stderr}");
            }

            if (guard.IsCancellationRequested)
            {
                Assert.Fail($"telemetry process did not log '{text}' within {timeout}:\n{Stderr}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Kills the process at once (SIGKILL): no flush, no commit, no leaving the group.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM and waits for the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var guard = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"telemetry process still running {timeout} after SIGTERM:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits for the process to exit by itself; its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"telemetry process still running after {timeout}:\n{Stderr}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
