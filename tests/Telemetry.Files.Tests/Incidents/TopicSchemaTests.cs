using System.Text.Json;
using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Signals;
using Telemetry.Files.Incidents;

namespace Telemetry.Files.Tests.Incidents;

/// <summary>The writers and schemas/topics/{incidents,commands}.schema.json describe the same objects.</summary>
public sealed class TopicSchemaTests
{
    private static string Schema(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !Directory.Exists(Path.Combine(directory.FullName, "schemas", "topics")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        return Path.Combine(directory.FullName, "schemas", "topics", name);
    }

    /// <summary>Every property written is declared, every required one is written, and enum values are allowed.</summary>
    private static void AssertConforms(JsonElement value, JsonElement schema, string path)
    {
        if (schema.TryGetProperty("enum", out var allowed))
        {
            Assert.Contains(allowed.EnumerateArray(), a => a.ToString() == value.ToString());
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            Assert.Equal(constant.ToString(), value.ToString());
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = schema.GetProperty("properties");
            foreach (var property in value.EnumerateObject())
            {
                Assert.True(properties.TryGetProperty(property.Name, out var child), $"{path}.{property.Name} is not in the schema");
                AssertConforms(property.Value, child, path + "." + property.Name);
            }

            foreach (var required in schema.GetProperty("required").EnumerateArray())
            {
                Assert.True(value.TryGetProperty(required.GetString()!, out _), $"{path}.{required} is required");
            }
        }
    }

    private static JsonElement Written(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    [Theory]
    [InlineData(SignalScope.Connector)]
    [InlineData(SignalScope.Site)]
    [InlineData(SignalScope.Fleet)]
    public void IncidentJsonWriter_ConformsToSchema(SignalScope scope)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Schema("incidents.schema.json")));
        var cp = scope == SignalScope.Connector ? "CP-1" : null;
        var record = new IncidentRecord("inc-0123456789abcdef-2", IncidentState.Escalated, 0, cp ?? "site/S", "inc-0123456789abcdef", scope,
            IncidentCause.Firmware, Recoverability.Vendor, Owner.Vendor, cp, scope == SignalScope.Fleet ? null : "S",
            cp is null ? [] : [2], ["CP-1", "CP-2"], scope == SignalScope.Fleet ? "M1" : null, null, 3_600_000, "evidence", "reason",
            new IncidentAnswers(1, "fleet", 0, 0, 0, ProblemLayer.Platform, false));

        AssertConforms(Written(w => IncidentJsonWriter.Write(w, record)), schema.RootElement, "$");
    }

    [Fact]
    public void CommandJsonWriter_ConformsToSchema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Schema("commands.schema.json")));
        var record = new CommandRecord("0123456789abcdef0123456789abcdef", "inc-0123456789abcdef", 1, RecoveryStep.TakeOutOfService, 0, 0,
            "CP-1", 2, "ChangeAvailability", "Inoperative", "connector idle", CommandOutcome.Accepted, true, true);

        AssertConforms(Written(w => CommandJsonWriter.Write(w, record)), schema.RootElement, "$");
    }
}
