using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Telemetry.Cli.Tests.Support;

/// <summary>A <c>telemetry</c> child process left running (e.g. the gateway), stopped by a signal as an orchestrator would.</summary>
internal sealed class RunningTelemetry : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Task<string> _stdout;

    private RunningTelemetry(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _stdout = _process.StandardOutput.ReadToEndAsync();
    }

    public string Stderr => string.Join('\n', _stderr);

    public static RunningTelemetry Start(params string[] args) => StartWith(new Dictionary<string, string>(), args);

    /// <summary>Starts <c>telemetry</c> with <paramref name="environment"/> added, as a deployment configures it (<c>TELEMETRY_*</c>).</summary>
    public static RunningTelemetry StartWith(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "telemetry.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start telemetry");
        process.StandardInput.Close();
        return new RunningTelemetry(process);
    }

    /// <summary>Waits for a stderr line matching <paramref name="pattern"/> and returns its match.</summary>
    public async Task<Match> WaitForLogAsync(Regex pattern, TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        while (true)
        {
            foreach (var line in _stderr)
            {
                var match = pattern.Match(line);
                if (match.Success)
                {
                    return match;
                }
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"telemetry exited ({_process.ExitCode}) before logging {pattern}:\n{Stderr}");
            }

            try
            {
                await Task.Delay(50, guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"telemetry did not log {pattern} within {timeout}:\n{Stderr}");
            }
        }
    }

    /// <summary>Sends SIGTERM, as a container runtime does to stop a process.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<ProcessResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var guard = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(guard.Token);
        // The asynchronous stderr reader has delivered every line once the process has exited and WaitForExit returned.
        _process.WaitForExit();
        return new ProcessResult(_process.ExitCode, await _stdout, Stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
