using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Telemetry.Kafka;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>A <c>telemetry correlate --timescale</c> child process, configured through the environment as a deployment would configure it.</summary>
internal sealed class CorrelateChild : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();

    private CorrelateChild(Process process)
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

    public static CorrelateChild Start(string bootstrapServers, KafkaOptions options, string connectionString, string inventoryPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "telemetry.dll"));
        foreach (var arg in new[] { "correlate", "--kafka", bootstrapServers, "--timescale", connectionString, "--inventory", inventoryPath })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TELEMETRY_Kafka__Partitions"] = options.Partitions.ToString(CultureInfo.InvariantCulture);
        start.Environment["TELEMETRY_Kafka__DecisionsTopic"] = options.DecisionsTopic;
        start.Environment["TELEMETRY_Kafka__IncidentsTopic"] = options.IncidentsTopic;
        start.Environment["TELEMETRY_Kafka__CommandsTopic"] = options.CommandsTopic;
        start.Environment["TELEMETRY_Kafka__CorrelateCheckpointsTopic"] = options.CorrelateCheckpointsTopic;
        start.Environment["TELEMETRY_Kafka__CorrelateGroupId"] = options.CorrelateGroupId;
        start.Environment["TELEMETRY_Kafka__DecisionsWatermarkInterval"] = options.DecisionsWatermarkInterval.ToString("c", CultureInfo.InvariantCulture);
        foreach (var (key, value) in options.ClientSettings)
        {
            start.Environment["TELEMETRY_Kafka__ClientSettings__" + key] = value;
        }

        // Batches never fill up nor age out: rows reach the database only through the flush that
        // precedes each offset commit, so a commit that did not wait for them would lose them.
        start.Environment["TELEMETRY_Timescale__Sink__MaxBatchRows"] = "1000000";
        start.Environment["TELEMETRY_Timescale__Sink__MaxBatchAge"] = "01:00:00";
        // A checkpoint after nearly every commit: the restart resumes from one.
        start.Environment["TELEMETRY_Correlate__CheckpointInterval"] = "00:00:00.100";
        return new CorrelateChild(Process.Start(start) ?? throw new InvalidOperationException("could not start telemetry"));
    }

    /// <summary>Kills the process at once (SIGKILL): no flush, no commit, no leaving the group.</summary>
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
