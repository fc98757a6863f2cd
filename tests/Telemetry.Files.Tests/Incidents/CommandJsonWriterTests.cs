using System.Text.Json;
using Telemetry.Decide.Recovery;
using Telemetry.Files.Incidents;

namespace Telemetry.Files.Tests.Incidents;

public sealed class CommandJsonWriterTests
{
    private static readonly long s_t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void WriteFile_WritesRequestAndOutcome_UnderTheSameKey()
    {
        using var file = new TempFile();
        var request = new CommandRecord("abc123", "inc-1", 2, RecoveryStep.SoftReset, s_t0, s_t0, "CP-1", null, "Reset", "Soft",
            "charger idle", CommandOutcome.Requested, null, null);
        var held = request with { TimestampMs = s_t0 + 60_000, Outcome = CommandOutcome.Accepted, Recovered = true, Held = false };

        CommandJsonWriter.WriteFile(file.Path, [request, held]);

        var lines = File.ReadAllLines(file.Path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal("abc123", l.GetProperty("key").GetString()));
        Assert.Equal(("requested", "soft_reset", "Reset", "Soft", 2),
            (lines[0].GetProperty("status").GetString(), lines[0].GetProperty("kind").GetString(), lines[0].GetProperty("action").GetString(),
             lines[0].GetProperty("argument").GetString(), lines[0].GetProperty("step").GetInt32()));
        Assert.False(lines[0].TryGetProperty("recovered", out _));
        Assert.False(lines[0].TryGetProperty("connector", out _));
        Assert.Equal("charger idle", lines[0].GetProperty("guardrail").GetString());
        Assert.Equal("accepted", lines[1].GetProperty("status").GetString());
        Assert.True(lines[1].GetProperty("recovered").GetBoolean());
        Assert.False(lines[1].GetProperty("held").GetBoolean());
        Assert.Equal("2026-03-01T12:01:00.000Z", lines[1].GetProperty("ts").GetString());
        Assert.Equal("2026-03-01T12:00:00.000Z", lines[1].GetProperty("requested").GetString());
    }

    [Fact]
    public void StatusOf_NamesEveryOutcome()
    {
        Assert.Equal(["requested", "accepted", "rejected", "no_answer"], Enum.GetValues<CommandOutcome>().Select(CommandJsonWriter.StatusOf));
    }
}
