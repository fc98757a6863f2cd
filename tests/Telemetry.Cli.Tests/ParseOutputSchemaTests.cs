using System.Text;
using System.Text.Json;
using Telemetry.Cli.Tests.Support;

namespace Telemetry.Cli.Tests;

/// <summary>
/// The field names <c>telemetry parse</c> writes are the ones its schemas document:
/// schemas/events/parse-output.schema.json for events on stdout and
/// schemas/events/deadletter.schema.json for rejected records.
/// </summary>
public class ParseOutputSchemaTests
{
    // Kinds and fields a one-day simulation may not show: 2.0.1 sessions (offline, reason),
    // alerts (cleared, text), commands, results, call errors, firmware, diagnostics, security events.
    private static readonly string[] s_extraRecords =
    [
        """{"ts":"2026-03-02T00:00:00Z","cp":"CP-X","event":"connected","proto":"ocpp2.0.1"}""",
        """{"ts":"2026-03-02T00:00:01Z","cp":"CP-X","dir":"rx","msg":[2,"t1","TransactionEvent",{"eventType":"Ended","timestamp":"2026-03-02T00:00:01Z","triggerReason":"EVCommunicationLost","seqNo":4,"offline":true,"transactionInfo":{"transactionId":"tx-9","chargingState":"Idle","stoppedReason":"EVDisconnected"},"evse":{"id":1,"connectorId":1}}]}""",
        """{"ts":"2026-03-02T00:00:02Z","cp":"CP-X","dir":"rx","msg":[2,"n1","NotifyEvent",{"generatedAt":"2026-03-02T00:00:02Z","seqNo":0,"eventData":[{"eventId":7,"timestamp":"2026-03-02T00:00:02Z","trigger":"Alerting","actualValue":"false","cleared":true,"techCode":"OVT","eventNotificationType":"HardWiredNotification","component":{"name":"Connector","evse":{"id":1}},"variable":{"name":"Problem"}}]}]}""",
        """{"ts":"2026-03-02T00:00:03Z","cp":"CP-X","dir":"rx","msg":[2,"se1","SecurityEventNotification",{"type":"TamperDetectionActivated","timestamp":"2026-03-02T00:00:03Z"}]}""",
        """{"ts":"2026-03-02T00:00:04Z","cp":"CP-X","dir":"tx","msg":[2,"r1","Reset",{"type":"Immediate"}]}""",
        """{"ts":"2026-03-02T00:00:05Z","cp":"CP-X","dir":"rx","msg":[3,"r1",{"status":"Accepted"}]}""",
        """{"ts":"2026-03-02T00:00:06Z","cp":"CP-X","dir":"tx","msg":[2,"c1","ChangeAvailability",{"operationalStatus":"Inoperative","evse":{"id":1}}]}""",
        """{"ts":"2026-03-02T00:00:07Z","cp":"CP-X","dir":"rx","msg":[4,"c1","NotSupported","",{}]}""",
        """{"ts":"2026-03-02T00:00:08Z","cp":"CP-X","dir":"rx","msg":[2,"f1","FirmwareStatusNotification",{"status":"InstallationFailed"}]}""",
        """{"ts":"2026-03-02T00:00:09Z","cp":"CP-X","dir":"rx","msg":[2,"a1","Authorize",{"idToken":{"idToken":"ABC","type":"ISO14443"}}]}""",
        """{"ts":"2026-03-02T00:00:10Z","cp":"CP-Y","dir":"rx","msg":[2,"d1","DiagnosticsStatusNotification",{"status":"UploadFailed"}]}""",
        """{"ts":"2026-03-02T00:00:11Z","cp":"CP-Y","dir":"rx","msg":[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"OtherError","status":"Faulted","vendorErrorCode":"E-17"}]}""",
        """{"ts":"2026-03-02T00:00:12Z","cp":"CP-Y","dir":"rx","msg":[9,"x1","Heartbeat",{}]}""",
    ];

    [Fact]
    public async Task Parse_WritesOnlyFieldsItsSchemasDeclare_ForASampleCapture()
    {
        using var dir = new TempDirectory();
        var simulated = await TelemetryProcess.RunAsync("simulate", "--chargers", "12", "--days", "1", "--seed", "5", "--out", dir.Path);
        Assert.True(simulated.ExitCode == 0, simulated.ToString());
        await using (var capture = File.Open(dir.File("capture.jsonl"), FileMode.Append))
        {
            foreach (var record in s_extraRecords)
            {
                capture.Write(Encoding.UTF8.GetBytes(record + "\n"));
            }

            // Not UTF-8: the dead letter carries the bytes as raw_base64.
            capture.Write([.. "{\"ts\":\"2026-03-02T00:00:13Z\",\"cp\":\"CP-1\"}"u8, 0xFF, (byte)'\n']);
        }

        var result = await TelemetryProcess.RunAsync("parse", dir.File("capture.jsonl"), "--deadletter", dir.File("dead.jsonl"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var eventSchema = SchemaProperties("parse-output.schema.json", out var eventRequired);
        var deadLetterSchema = SchemaProperties("deadletter.schema.json", out var deadLetterRequired);
        var eventFields = FieldsOf(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), eventRequired);
        var deadLetterFields = FieldsOf(File.ReadAllLines(dir.File("dead.jsonl")), deadLetterRequired);
        Assert.Empty(eventFields.Except(eventSchema));
        Assert.Empty(deadLetterFields.Except(deadLetterSchema));
        // The capture reaches the optional fields too, so the check covers more than the required ones.
        Assert.Superset(new HashSet<string> { "port", "status", "error", "interval", "value", "value2", "detail", "reason", "offline", "cleared", "text" }, eventFields);
        Assert.Superset(new HashSet<string> { "raw", "raw_base64" }, deadLetterFields);
    }

    /// <summary>Every field name of the lines; each line must carry the schema's required fields.</summary>
    private static HashSet<string> FieldsOf(IEnumerable<string> lines, HashSet<string> required)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                names.Add(property.Name);
            }

            Assert.True(names.IsSupersetOf(required), $"a line lacks a required field: {line}");
            fields.UnionWith(names);
        }

        Assert.NotEmpty(fields);
        return fields;
    }

    private static HashSet<string> SchemaProperties(string file, out HashSet<string> required)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaFolder(), file)));
        var root = schema.RootElement;
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        var properties = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in root.GetProperty("properties").EnumerateObject())
        {
            properties.Add(property.Name);
        }

        required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in root.GetProperty("required").EnumerateArray())
        {
            required.Add(name.GetString()!);
        }

        return properties;
    }

    private static string SchemaFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "schemas", "events");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("schemas/events not found above " + AppContext.BaseDirectory);
    }
}
