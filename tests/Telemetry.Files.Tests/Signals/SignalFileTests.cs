using System.Text.Json;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Files.Signals;

namespace Telemetry.Files.Tests.Signals;

public sealed class SignalFileTests
{
    private static readonly long s_t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Write_OrdersSignalsByTimeChargerAndPort_WhateverTheInputOrder()
    {
        using var file = new TempFile();
        var late = Signal(s_t0 + 1000, "CP-1", 1);
        var earlyB = Signal(s_t0, "CP-2", 1);
        var earlyA2 = Signal(s_t0, "CP-1", 2);
        var earlyA1 = Signal(s_t0, "CP-1", 1);

        SignalFile.Write(file.Path, [late, earlyB, earlyA2, earlyA1], FleetInventory.Empty);

        var lines = File.ReadAllLines(file.Path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(
            [("CP-1", 1), ("CP-1", 2), ("CP-2", 1), ("CP-1", 1)],
            lines.Select(l => (l.GetProperty("cp").GetString(), l.GetProperty("connector").GetInt32())));
    }

    [Fact]
    public void Write_UsesTheDesignFieldNames_AndTheSiteFromTheInventory()
    {
        using var file = new TempFile();
        var inventory = new FleetInventory([new ChargerInfo("CP-1", "SITE-9")]);
        var cleared = new Signal(SignalTypes.AvailabilityOutage, SignalState.Cleared, s_t0, "CP-1", 2, SignalScope.Connector,
            new SignalEvidence { Cause = "faulted:GroundFailure", SinceMs = s_t0 - (90 * 60_000), DurationMinutes = 90 });

        SignalFile.Write(file.Path, [cleared], inventory);

        var root = JsonDocument.Parse(Assert.Single(File.ReadAllLines(file.Path))).RootElement;
        Assert.Equal("availability.outage", root.GetProperty("type").GetString());
        Assert.Equal("cleared", root.GetProperty("state").GetString());
        Assert.Equal("2026-03-01T12:00:00.000Z", root.GetProperty("ts").GetString());
        Assert.Equal("SITE-9", root.GetProperty("site").GetString());
        Assert.Equal("connector", root.GetProperty("scope").GetString());
        var evidence = root.GetProperty("evidence");
        Assert.Equal("2026-03-01T10:30:00.000Z", evidence.GetProperty("since").GetString());
        Assert.Equal(90, evidence.GetProperty("duration_minutes").GetDouble());
        Assert.False(evidence.TryGetProperty("reason", out _));
    }

    private static Signal Signal(long t, string cp, ushort port) =>
        new(SignalTypes.AvailabilityOutage, SignalState.Raised, t, cp, port, SignalScope.Connector, new SignalEvidence { Cause = "offline" });
}
