using System.Collections.Concurrent;
using System.Diagnostics;
using Telemetry.Kafka;

namespace Telemetry.Cli.Tests.Ingest;

/// <summary>A <c>telemetry ingest --from-topic</c> child process configured through the environment, to be killed without warning.</summary>
internal sealed class IngestChild : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();

    private IngestChild(Process process)
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

    public static IngestChild Start(string bootstrapServers, KafkaOptions options, string topic, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "telemetry.dll"));
        foreach (var arg in (string[])["ingest", "--from-topic", topic, "--kafka", bootstrapServers])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TELEMETRY_Kafka__EventsTopic"] = options.EventsTopic;
        start.Environment["TELEMETRY_Kafka__DeadLetterTopic"] = options.DeadLetterTopic;
        foreach (var (key, value) in options.ClientSettings)
        {
            start.Environment["TELEMETRY_Kafka__ClientSettings__" + key] = value;
        }

        foreach (var (key, value) in settings)
        {
            start.Environment["TELEMETRY_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return new IngestChild(Process.Start(start) ?? throw new InvalidOperationException("could not start telemetry"));
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no flush, no commit, no leaving the group.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
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
