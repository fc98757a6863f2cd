using System.Globalization;
using System.Text.Json;

namespace Telemetry.Simulator.Scoring;

/// <summary>Writes a <see cref="ScoreReport"/> as a readable table or as JSON.</summary>
public static class ScoreReportWriter
{
    public static void WriteTable(ScoreReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Invariant($"{"class",-24} {"faults",6} {"recalled",8} {"recall",7} {"tp",5} {"fp",5} {"precision",9}"));
        foreach (var score in report.Classes)
        {
            output.WriteLine(Invariant($"{score.Class,-24} {score.Faults,6} {score.Recalled,8} {Ratio(score.Recall),7} {score.TruePositives,5} {score.FalsePositives,5} {Ratio(score.Precision),9}"));
        }

        output.WriteLine();
        output.WriteLine(Invariant($"False signals on healthy chargers: {report.FalseSignalsOnHealthy} on {report.HealthyChargers} healthy chargers"));
        foreach (var (type, count) in report.FalseSignalsOnHealthyByType)
        {
            output.WriteLine(Invariant($"  {type,-22} {count,5}"));
        }

        output.WriteLine(Invariant($"Signals a fault may cause or a planned reset or exclusion explains: {report.Explained}"));
        if (report.UnmatchedByType.Count > 0)
        {
            output.WriteLine("Signals matching no fault, by type");
            foreach (var (type, count) in report.UnmatchedByType)
            {
                output.WriteLine(Invariant($"  {type,-22} {count,5}"));
            }
        }

        output.WriteLine();
        output.WriteLine(report.Ports.Count == 0
            ? "Outage minutes per port: no fault expects an outage"
            : Invariant($"Outage minutes per port: {report.Ports.Count} ports, error max {report.MaxOutageError:F1} min, mean {report.MeanOutageError:F2} min"));
        foreach (var port in report.Ports.OrderByDescending(p => p.Error).ThenBy(p => p.FaultId, StringComparer.Ordinal).Take(5).Where(p => p.Error > 0))
        {
            output.WriteLine(Invariant($"  {port.FaultId} {port.Port,-14} expected {port.ExpectedMinutes,8:F1}  detected {port.DetectedMinutes,8:F1}"));
        }
    }

    public static void WriteJson(ScoreReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteStartArray("classes"u8);
        foreach (var score in report.Classes)
        {
            writer.WriteStartObject();
            writer.WriteString("class"u8, score.Class);
            writer.WriteNumber("faults"u8, score.Faults);
            writer.WriteNumber("recalled"u8, score.Recalled);
            WriteRatio(writer, "recall"u8, score.Recall);
            writer.WriteNumber("true_positives"u8, score.TruePositives);
            writer.WriteNumber("false_positives"u8, score.FalsePositives);
            WriteRatio(writer, "precision"u8, score.Precision);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("healthy"u8);
        writer.WriteNumber("chargers"u8, report.HealthyChargers);
        writer.WriteNumber("false_signals"u8, report.FalseSignalsOnHealthy);
        WriteCounts(writer, "by_type"u8, report.FalseSignalsOnHealthyByType);
        writer.WriteEndObject();
        writer.WriteNumber("explained"u8, report.Explained);
        WriteCounts(writer, "unmatched_by_type"u8, report.UnmatchedByType);
        writer.WriteStartObject("outage_minutes"u8);
        writer.WriteNumber("ports"u8, report.Ports.Count);
        WriteRatio(writer, "max_error"u8, report.MaxOutageError);
        WriteRatio(writer, "mean_error"u8, report.MeanOutageError);
        writer.WriteStartArray("per_port"u8);
        foreach (var port in report.Ports)
        {
            writer.WriteStartObject();
            writer.WriteString("fault"u8, port.FaultId);
            writer.WriteString("port"u8, port.Port);
            writer.WriteNumber("expected"u8, Math.Round(port.ExpectedMinutes, 3));
            writer.WriteNumber("detected"u8, Math.Round(port.DetectedMinutes, 3));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteCounts(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyDictionary<string, int> counts)
    {
        writer.WriteStartObject(name);
        foreach (var (type, count) in counts)
        {
            writer.WriteNumber(type, count);
        }

        writer.WriteEndObject();
    }

    private static void WriteRatio(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, Math.Round(v, 4));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Ratio(double? value) => value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
