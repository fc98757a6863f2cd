using Telemetry.Simulator.Faults;

namespace Telemetry.Simulator.Tests;

/// <summary>Comms flapping, reset loops and planned resets checked against the capture bytes alone.</summary>
public class DisruptionCaptureTests
{
    private static readonly string[] s_sessionActions = ["Authorize", "StartTransaction", "MeterValues", "StopTransaction", "TransactionEvent"];

    public static TheoryData<int, int, int> Fleets => new()
    {
        { 1, 4, 2 },
        { 2, 6, 3 },
        { 5, 3, 4 },
    };

    private static SimulationRun Generate(int seed, int chargers, int days) => SimulationRun.Generate(new SimulationOptions
    {
        Seed = seed,
        Chargers = chargers,
        Sites = 1,
        Days = days,
        Ocpp201Share = 0.5,
        SessionsPerPortPerDay = 8,
        CommsFlappingPerChargerDay = 0.2,
        ResetLoopsPerChargerDay = 0.1,
        PlannedResetsPerChargerDay = 0.3,
    });

    [Theory]
    [MemberData(nameof(Fleets))]
    public void CommsFlapping_DropsExactlyItsCount_AndReconnectsAfterEachWithoutBooting(int seed, int chargers, int days)
    {
        var run = Generate(seed, chargers, days);
        var records = run.Records().ToList();
        var faults = run.Truth.Faults.Where(f => f.Kind == FaultKind.CommsFlapping).ToList();

        Assert.NotEmpty(faults);
        foreach (var fault in faults)
        {
            var mine = records.Where(r => r.Cp == fault.ChargePoint).ToList();
            var during = mine.Where(r => r.Ts >= fault.Start && r.Ts <= fault.End).ToList();
            Assert.Equal(fault.Disconnects, during.Count(r => r.Event == "disconnected"));
            Assert.Equal(fault.Disconnects, during.Count(r => r.Event == "connected"));
            Assert.Equal("disconnected", during[0].Event);
            Assert.Equal(fault.Start, during[0].Ts);
            Assert.Equal("connected", during[^1].Event);
            Assert.Equal(fault.End, during[^1].Ts);

            // Drops and returns alternate, and nothing is sent while the link is down.
            var connections = during.Where(r => r.Event is not null).ToList();
            for (var i = 0; i < connections.Count; i++)
            {
                Assert.Equal(i % 2 == 0 ? "disconnected" : "connected", connections[i].Event);
            }

            for (var i = 0; i < connections.Count; i += 2)
            {
                Assert.InRange(connections[i + 1].Ts - connections[i].Ts, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));
                Assert.DoesNotContain(during, r => r.Msg is not null && r.Ts > connections[i].Ts && r.Ts < connections[i + 1].Ts);
            }

            var soon = mine.Where(r => r.Ts >= fault.Start && r.Ts <= fault.End.AddMinutes(30)).ToList();
            Assert.DoesNotContain(soon, r => r.IsCall("BootNotification"));
            Assert.DoesNotContain(during, r => s_sessionActions.Any(r.IsCall));
            var interval = TimeSpan.FromSeconds(run.Truth.HeartbeatIntervalSeconds);
            Assert.Contains(mine, r => r.IsCall("Heartbeat") && r.Ts > fault.End && r.Ts <= fault.End + interval + TimeSpan.FromSeconds(5));
        }
    }

    [Theory]
    [MemberData(nameof(Fleets))]
    public void ResetLoop_BootsExactlyItsCount_WithNoCsmsResetBefore(int seed, int chargers, int days)
    {
        var run = Generate(seed, chargers, days);
        var records = run.Records().ToList();
        var faults = run.Truth.Faults.Where(f => f.Kind == FaultKind.ResetLoop).ToList();

        Assert.NotEmpty(faults);
        foreach (var fault in faults)
        {
            var mine = records.Where(r => r.Cp == fault.ChargePoint).ToList();
            var during = mine.Where(r => r.Ts >= fault.Start && r.Ts <= fault.End).ToList();
            var boots = during.Where(r => r.IsCall("BootNotification")).ToList();
            Assert.Equal(fault.Boots, boots.Count);
            Assert.Equal(fault.Boots, during.Count(r => r.Event == "disconnected"));
            Assert.Equal(fault.Start, during[0].Ts);
            Assert.Equal("disconnected", during[0].Event);
            Assert.Equal(fault.End, boots[^1].Ts);
            Assert.DoesNotContain(during, r => s_sessionActions.Any(r.IsCall));

            foreach (var boot in boots)
            {
                Assert.DoesNotContain(mine, r => r.IsCall("Reset") && r.Ts <= boot.Ts && r.Ts >= boot.Ts.AddMinutes(-15));
                var before = mine.Last(r => r.Event is not null && r.Ts <= boot.Ts);
                Assert.Equal("connected", before.Event);
                var drop = mine.Last(r => r.Event == "disconnected" && r.Ts < before.Ts);
                Assert.InRange(before.Ts - drop.Ts, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(3));
                if (before.Proto == "ocpp2.0.1")
                {
                    Assert.Contains(boot.Payload.GetProperty("reason").GetString(), new[] { "Watchdog", "PowerUp" });
                }
                else
                {
                    Assert.False(boot.Payload.TryGetProperty("reason", out _));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fleets))]
    public void PlannedReset_IsATxResetCall_AcceptedAndFollowedByBoot(int seed, int chargers, int days)
    {
        var run = Generate(seed, chargers, days);
        var records = run.Records().ToList();

        Assert.NotEmpty(run.Truth.PlannedResets);
        foreach (var reset in run.Truth.PlannedResets)
        {
            var mine = records.Where(r => r.Cp == reset.ChargePoint).ToList();
            var call = Assert.Single(mine, r => r.Ts == reset.Time && r.IsCall("Reset"));
            Assert.Equal("tx", call.Dir);
            var v201 = mine[0].Proto == "ocpp2.0.1";
            Assert.Equal(v201 ? "OnIdle" : "Soft", Assert.Single(call.Payload.EnumerateObject(), p => p.Name == "type").Value.GetString());

            var id = call.Msg!.Value[1].GetString();
            var answer = Assert.Single(mine, r => r.Msg is { } msg && msg[0].GetInt32() == 3 && msg[1].GetString() == id);
            Assert.Equal("rx", answer.Dir);
            Assert.Equal("Accepted", Assert.Single(answer.Msg!.Value[2].EnumerateObject()).Value.GetString());

            var drop = mine.First(r => r.Event == "disconnected" && r.Ts > reset.Time);
            Assert.InRange(drop.Ts - reset.Time, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));
            var boot = mine.First(r => r.IsCall("BootNotification") && r.Ts > reset.Time);
            Assert.True(boot.Ts - reset.Time <= TimeSpan.FromMinutes(5), $"{reset.ChargePoint} booted {boot.Ts - reset.Time} after the reset");
            Assert.Equal(v201, boot.Payload.TryGetProperty("reason", out var reason));
            if (v201)
            {
                Assert.Equal("RemoteReset", reason.GetString());
            }

            Assert.DoesNotContain(mine, r => r.Ts >= reset.Time && r.Ts <= boot.Ts && s_sessionActions.Any(r.IsCall));
        }
    }

    [Theory]
    [MemberData(nameof(Fleets))]
    public void EveryResetCall_IsAPlannedReset(int seed, int chargers, int days)
    {
        var run = Generate(seed, chargers, days);
        var calls = run.Records().Where(r => r.IsCall("Reset")).ToList();

        Assert.Equal(run.Truth.PlannedResets.Count, calls.Count);
        foreach (var call in calls)
        {
            Assert.Contains(run.Truth.PlannedResets, p => p.ChargePoint == call.Cp && p.Time == call.Ts);
        }
    }

    [Fact]
    public void WriteCapture_IsDeterministic_WithNewKinds()
    {
        var first = Generate(9, 6, 3);
        var second = Generate(9, 6, 3);

        Assert.Contains(first.Truth.Faults, f => f.Kind == FaultKind.CommsFlapping);
        Assert.Contains(first.Truth.Faults, f => f.Kind == FaultKind.ResetLoop);
        Assert.NotEmpty(first.Truth.PlannedResets);
        Assert.Equal(first.Capture, second.Capture);
        Assert.Equal(first.TruthBytes, second.TruthBytes);
    }

    [Fact]
    public void WriteCapture_KeepsChargersWithoutNewKinds_ByteIdentical_WhenNewRatesChange()
    {
        var options = new SimulationOptions
        {
            Chargers = 12, Sites = 2, Days = 3, Seed = 4, Ocpp201Share = 0.5,
            CommsFlappingPerChargerDay = 0, ResetLoopsPerChargerDay = 0, PlannedResetsPerChargerDay = 0,
        };
        var without = SimulationRun.Generate(options);
        var with = SimulationRun.Generate(new SimulationOptions
        {
            Chargers = 12, Sites = 2, Days = 3, Seed = 4, Ocpp201Share = 0.5,
            CommsFlappingPerChargerDay = 0.05, ResetLoopsPerChargerDay = 0.03, PlannedResetsPerChargerDay = 0.05,
        });
        var touched = with.Truth.Faults.Where(f => f.Kind is FaultKind.CommsFlapping or FaultKind.ResetLoop).Select(f => f.ChargePoint)
            .Concat(with.Truth.PlannedResets.Select(p => p.ChargePoint))
            .ToHashSet();

        Assert.NotEmpty(touched);
        var untouched = Enumerable.Range(1, 12).Select(i => $"CP-{i:D6}").Where(cp => !touched.Contains(cp)).ToList();
        Assert.NotEmpty(untouched);
        foreach (var cp in untouched)
        {
            var marker = $"\"cp\":\"{cp}\"";
            Assert.Equal(without.Lines.Where(l => l.Contains(marker)), with.Lines.Where(l => l.Contains(marker)));
        }

        foreach (var cp in touched)
        {
            var marker = $"\"cp\":\"{cp}\"";
            Assert.NotEqual(without.Lines.Where(l => l.Contains(marker)), with.Lines.Where(l => l.Contains(marker)));
        }
    }
}
