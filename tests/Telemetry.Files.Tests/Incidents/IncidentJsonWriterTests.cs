using System.Text.Json;
using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Engine.Signals;
using Telemetry.Files.Incidents;

namespace Telemetry.Files.Tests.Incidents;

public sealed class IncidentJsonWriterTests
{
    private static readonly long s_t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static IncidentRecord Record(IncidentState state, SignalScope scope, string? cp, IReadOnlyList<string> chargers, long? deadline) =>
        new($"inc-1-{(int)state + 1}", state, s_t0, cp ?? "site/SITE-9", "inc-1", scope, IncidentCause.Power, Recoverability.Field, Owner.Field,
            cp, "SITE-9", cp is null ? [] : [1, 2], chargers, null, null, deadline, "booted after silence", "deadline passed",
            new IncidentAnswers(3, "site", 2, 1, 0, ProblemLayer.Site, true));

    private static JsonElement WriteOne(IncidentRecord record)
    {
        using var file = new TempFile();
        IncidentJsonWriter.WriteFile(file.Path, [record]);
        return JsonDocument.Parse(Assert.Single(File.ReadAllLines(file.Path))).RootElement.Clone();
    }

    [Fact]
    public void Write_ProducesCloudEvent_WithTheDesignDataFields()
    {
        var root = WriteOne(Record(IncidentState.Escalated, SignalScope.Site, null, ["CP-1", "CP-2"], s_t0 + 3_600_000));

        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("inc-1-4", root.GetProperty("id").GetString());
        Assert.Equal(IncidentJsonWriter.Source, root.GetProperty("source").GetString());
        Assert.Equal("uptime.incident.escalated", root.GetProperty("type").GetString());
        Assert.Equal("2026-03-01T12:00:00.000Z", root.GetProperty("time").GetString());
        Assert.Equal("site/SITE-9", root.GetProperty("subject").GetString());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
        var data = root.GetProperty("data");
        Assert.Equal(("inc-1", "site", "power", "field", "field"),
            (data.GetProperty("incident").GetString(), data.GetProperty("scope").GetString(), data.GetProperty("cause").GetString(),
             data.GetProperty("recovery").GetString(), data.GetProperty("owner").GetString()));
        Assert.Equal("2026-03-01T13:00:00.000Z", data.GetProperty("deadline").GetString());
        Assert.Equal(["CP-1", "CP-2"], data.GetProperty("chargers").EnumerateArray().Select(c => c.GetString()));
        var answers = data.GetProperty("answers");
        Assert.Equal(3, answers.GetProperty("repeats_7d").GetInt32());
        Assert.Equal(2, answers.GetProperty("other_chargers_at_site").GetInt32());
        Assert.Equal(1, answers.GetProperty("remote_restarts").GetProperty("tried").GetInt32());
        Assert.Equal("site", answers.GetProperty("layer").GetString());
        Assert.True(answers.GetProperty("field_candidate").GetBoolean());
    }

    [Fact]
    public void Write_OmitsAbsentFields_AndNamesEveryState()
    {
        var root = WriteOne(Record(IncidentState.RecoveryRequested, SignalScope.Connector, "CP-1", ["CP-1"], null));
        var data = root.GetProperty("data");

        Assert.Equal("uptime.incident.recovery_requested", root.GetProperty("type").GetString());
        Assert.False(data.TryGetProperty("deadline", out _));
        Assert.False(data.TryGetProperty("chargers", out _));
        Assert.False(data.TryGetProperty("model", out _));
        Assert.Equal("CP-1", data.GetProperty("cp").GetString());
        Assert.Equal([1, 2], data.GetProperty("connectors").EnumerateArray().Select(c => c.GetInt32()));
        Assert.Equal(
            ["uptime.incident.opened", "uptime.incident.updated", "uptime.incident.recovery_requested", "uptime.incident.escalated", "uptime.incident.resolved"],
            Enum.GetValues<IncidentState>().Select(IncidentJsonWriter.TypeOf));
    }
}
