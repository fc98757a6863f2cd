using System.Globalization;
using Telemetry.Cli.Tests.Support;
using Telemetry.Kafka;

namespace Telemetry.Cli.Tests.Correlation;

/// <summary>A <c>telemetry correlate --timescale</c> child process, configured through the environment as a deployment would configure it.</summary>
internal static class CorrelateChild
{
    /// <summary>Starts it; disposing the result kills it at once (SIGKILL): no flush, no commit, no leaving the group.</summary>
    public static RunningTelemetry Start(string bootstrapServers, KafkaOptions options, string connectionString, string inventoryPath)
    {
        var environment = new Dictionary<string, string>
        {
            ["TELEMETRY_Kafka__Partitions"] = options.Partitions.ToString(CultureInfo.InvariantCulture),
            ["TELEMETRY_Kafka__DecisionsTopic"] = options.DecisionsTopic,
            ["TELEMETRY_Kafka__IncidentsTopic"] = options.IncidentsTopic,
            ["TELEMETRY_Kafka__CommandsTopic"] = options.CommandsTopic,
            ["TELEMETRY_Kafka__CorrelateCheckpointsTopic"] = options.CorrelateCheckpointsTopic,
            ["TELEMETRY_Kafka__CorrelateGroupId"] = options.CorrelateGroupId,
            ["TELEMETRY_Kafka__DecisionsWatermarkInterval"] = options.DecisionsWatermarkInterval.ToString("c", CultureInfo.InvariantCulture),

            // Batches never fill up nor age out: rows reach the database only through the flush that
            // precedes each offset commit, so a commit that did not wait for them would lose them.
            ["TELEMETRY_Timescale__Sink__MaxBatchRows"] = "1000000",
            ["TELEMETRY_Timescale__Sink__MaxBatchAge"] = "01:00:00",

            // A checkpoint after nearly every commit, so that the kill lands after one.
            ["TELEMETRY_Correlate__CheckpointInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in options.ClientSettings)
        {
            environment["TELEMETRY_Kafka__ClientSettings__" + key] = value;
        }

        return RunningTelemetry.StartWith(
            environment, "correlate", "--kafka", bootstrapServers, "--timescale", connectionString, "--inventory", inventoryPath);
    }
}
