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

        if (report.Incidents is { } incidents)
        {
            output.WriteLine();
            WriteIncidentTable(incidents, output);
        }
    }

    /// <summary>Per class: faults, those expecting an incident, matched, exactly one, then how many got scope, cause, recovery and owner right.</summary>
    public static void WriteIncidentTable(IncidentReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(Invariant($"{"incidents by class",-24} {"faults",6} {"expect",6} {"matched",7} {"one",4} {"scope",5} {"cause",5} {"recov",5} {"owner",5} {"incid",5}"));
        foreach (var c in report.Classes)
        {
            output.WriteLine(Invariant($"{c.Class,-24} {c.Faults,6} {c.Expecting,6} {c.Matched,7} {c.ExactlyOne,4} {c.ScopeCorrect,5} {c.CauseCorrect,5} {c.RecoveryCorrect,5} {c.OwnerCorrect,5} {c.Incidents,5}"));
        }

        output.WriteLine(Invariant($"Incidents: {report.Total}, false {report.FalseIncidents} (on healthy chargers {report.FalseOnHealthy})"));
        foreach (var judgement in report.Faults.Where(j => j.Expected ? !j.AllCorrect || j.Incidents != 1 : j.Incidents > 0))
        {
            output.WriteLine(Invariant($"  {judgement.FaultId} {judgement.Class,-22} incidents {judgement.Incidents} {judgement.Incident ?? "-"}{Wrong(judgement)}"));
        }

        foreach (var id in report.Unmatched)
        {
            output.WriteLine(Invariant($"  false incident {id}"));
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
        if (report.Incidents is { } incidents)
        {
            WriteIncidents(writer, incidents);
        }

        writer.WriteEndObject();
        writer.Flush();
        output.WriteByte((byte)'\n');
    }

    private static void WriteIncidents(Utf8JsonWriter writer, IncidentReport report)
    {
        writer.WriteStartObject("incidents"u8);
        writer.WriteNumber("total"u8, report.Total);
        writer.WriteNumber("false"u8, report.FalseIncidents);
        writer.WriteNumber("false_on_healthy"u8, report.FalseOnHealthy);
        writer.WriteStartArray("classes"u8);
        foreach (var c in report.Classes)
        {
            writer.WriteStartObject();
            writer.WriteString("class"u8, c.Class);
            writer.WriteNumber("faults"u8, c.Faults);
            writer.WriteNumber("expecting"u8, c.Expecting);
            writer.WriteNumber("matched"u8, c.Matched);
            writer.WriteNumber("exactly_one"u8, c.ExactlyOne);
            writer.WriteNumber("scope_correct"u8, c.ScopeCorrect);
            writer.WriteNumber("cause_correct"u8, c.CauseCorrect);
            writer.WriteNumber("recovery_correct"u8, c.RecoveryCorrect);
            writer.WriteNumber("owner_correct"u8, c.OwnerCorrect);
            writer.WriteNumber("incidents"u8, c.Incidents);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("faults"u8);
        foreach (var j in report.Faults)
        {
            writer.WriteStartObject();
            writer.WriteString("fault"u8, j.FaultId);
            writer.WriteString("class"u8, j.Class);
            writer.WriteBoolean("expected"u8, j.Expected);
            writer.WriteNumber("incidents"u8, j.Incidents);
            if (j.Incident is { } id)
            {
                writer.WriteString("incident"u8, id);
            }
            else
            {
                writer.WriteNull("incident"u8);
            }

            writer.WriteBoolean("scope_correct"u8, j.ScopeCorrect);
            writer.WriteBoolean("cause_correct"u8, j.CauseCorrect);
            writer.WriteBoolean("recovery_correct"u8, j.RecoveryCorrect);
            writer.WriteBoolean("owner_correct"u8, j.OwnerCorrect);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("unmatched"u8);
        foreach (var id in report.Unmatched)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string Wrong(IncidentJudgement j)
    {
        if (!j.Expected)
        {
            return " (expects none)";
        }

        var wrong = new List<string>(4);
        if (j.Incident is not null)
        {
            if (!j.ScopeCorrect) wrong.Add("scope");
            if (!j.CauseCorrect) wrong.Add("cause");
            if (!j.RecoveryCorrect) wrong.Add("recovery");
            if (!j.OwnerCorrect) wrong.Add("owner");
        }

        return wrong.Count == 0 ? "" : " wrong: " + string.Join(", ", wrong);
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
