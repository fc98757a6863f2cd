using Telemetry.Ocpp.Events;
using Telemetry.Simulator.Faults;

namespace Telemetry.Simulator.Tests;

/// <summary>Each library kind's traffic, read back through the production parser, is what the fault contract says.</summary>
public sealed class LibraryCaptureTests(LibraryRun run) : IClassFixture<LibraryRun>
{
    private static readonly TimeSpan s_day = TimeSpan.FromDays(1);

    [Fact]
    public void Capture_ParsesWithoutRejects_InBothOcppVersions()
    {
        Assert.Empty(run.Parsed.Rejects);
        Assert.Contains(run.Parsed.Events, e => e.Version == OcppVersion.V16);
        Assert.Contains(run.Parsed.Events, e => e.Version == OcppVersion.V201);
        Assert.Equal(0, run.Parsed.Parser.UnmatchedResults);
    }

    [Fact]
    public void SitePowerLoss_EveryChargerOfTheSiteDropsAndBootsWithinTwoMinutes()
    {
        var fault = Assert.Single(run.Faults(FaultKind.SitePowerLoss));
        var site = run.Simulation.Inventory.Split('\n').Where(l => l.Contains("," + fault.Site + ",", StringComparison.Ordinal)).Select(l => l.Split(',')[0]).ToList();
        Assert.Equal(site, fault.Chargers);

        var boots = new List<long>();
        foreach (var cp in fault.Chargers)
        {
            var during = run.Parsed.Of(cp).Where(e => e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End) + 60_000).ToList();
            var drop = Assert.Single(during, e => e.Kind == EventKind.Disconnected);
            Assert.InRange(drop.TimestampMs - run.Ms(fault.Start), 0, 20_000);
            var boot = Assert.Single(during, e => e.Kind == EventKind.Boot);
            Assert.Equal(boot.Version == OcppVersion.V201 ? (byte)BootReason.PowerUp : (byte)BootReason.None, boot.Detail);
            Assert.DoesNotContain(during, e => e.IsFromCharger && e.TimestampMs > drop.TimestampMs && e.TimestampMs < boot.TimestampMs && e.Kind != EventKind.Connected);
            Assert.Contains(during, e => e.Kind == EventKind.Status && e.Status == ConnectorStatus.Available && e.TimestampMs > boot.TimestampMs);
            boots.Add(boot.TimestampMs);
        }

        Assert.InRange(boots.Max() - boots.Min(), 0, 120_000);
    }

    [Fact]
    public void SiteUplinkLoss_ReconnectsWithoutBoot_AndAQueuedStopArrivesAfter()
    {
        var fault = Assert.Single(run.Faults(FaultKind.SiteUplinkLoss));
        var queued = 0;
        foreach (var cp in fault.Chargers)
        {
            var during = run.Parsed.Of(cp).Where(e => e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End) + 60_000).ToList();
            var drop = Assert.Single(during, e => e.Kind == EventKind.Disconnected);
            Assert.InRange(drop.TimestampMs - run.Ms(fault.Start), 0, 999);
            var back = Assert.Single(during, e => e.Kind == EventKind.Connected);
            Assert.DoesNotContain(during, e => e.Kind == EventKind.Boot);
            Assert.DoesNotContain(during, e => e.IsFromCharger && e.TimestampMs > drop.TimestampMs && e.TimestampMs < back.TimestampMs);

            // The stop of a session that ended while the link was down: sent after the reconnect, dated inside the outage.
            foreach (var line in run.Lines.Where(l => l.Cp == cp && l.Ts > fault.Start && l.Ts <= fault.End.AddMinutes(1)))
            {
                if (line.IsCall("StopTransaction") || (line.IsCall("TransactionEvent") && line.Payload.GetProperty("eventType").GetString() == "Ended"))
                {
                    var happened = line.Payload.GetProperty("timestamp").GetDateTimeOffset();
                    Assert.True(happened > fault.Start && happened < line.Ts.AddMinutes(-1), $"{cp} stop dated {happened}, sent {line.Ts}");
                    Assert.True(line.Ts >= DateTimeOffset.FromUnixTimeMilliseconds(back.TimestampMs));
                    if (line.IsCall("TransactionEvent"))
                    {
                        Assert.True(line.Payload.GetProperty("offline").GetBoolean());
                        Assert.Contains(run.Parsed.Of(cp), e => e.Kind == EventKind.SessionStopped && e.Offline);
                    }

                    queued++;
                }
            }
        }

        Assert.Equal(1, queued);
    }

    [Fact]
    public void HalfDead_LeavesAtLeastThreeCsmsCallsUnanswered_WhileHeartbeatsGoOn()
    {
        var fault = Assert.Single(run.Faults(FaultKind.HalfDead));
        var mine = run.Lines.Where(l => l.Cp == fault.ChargePoint).ToList();
        var during = mine.Where(l => l.Ts >= fault.Start && l.Ts <= fault.End).ToList();
        var calls = during.Where(l => l.Dir == "tx" && l.Msg is { } m && m[0].GetInt32() == 2).ToList();
        Assert.True(calls.Count >= 3, $"{calls.Count} CSMS calls");
        Assert.Contains(calls, c => c.IsCall("TriggerMessage"));
        foreach (var call in calls)
        {
            var id = call.Msg!.Value[1].GetString();
            Assert.DoesNotContain(mine, l => l.Dir == "rx" && l.Msg is { } m && m[0].GetInt32() == 3 && m[1].GetString() == id);
        }

        var heartbeats = during.Count(l => l.IsCall("Heartbeat"));
        var expected = (fault.End - fault.Start).TotalSeconds / run.Simulation.Truth.HeartbeatIntervalSeconds;
        Assert.InRange(heartbeats, expected - 2, expected + 1);
        var id16 = run.Parsed.Of(fault.ChargePoint);
        Assert.Contains(id16, e => e.Kind == EventKind.Command && e.Detail == (byte)CommandAction.TriggerMessage
            && e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End));
    }

    [Fact]
    public void OrdinaryTriggerMessages_AreAnsweredAccepted_AndFollowedByTheHeartbeat()
    {
        var triggers = run.Parsed.Events.Where(e => e.Kind == EventKind.Command && e.Detail == (byte)CommandAction.TriggerMessage).ToList();
        var answers = run.Parsed.Events.Where(e => e.Kind == EventKind.CommandResult && e.Reason == (byte)CommandAction.TriggerMessage).ToList();
        var halfDead = Assert.Single(run.Faults(FaultKind.HalfDead));
        var unanswered = triggers.Count(e => run.Parsed.Chargers.NameOf(e.Charger) == halfDead.ChargePoint && e.TimestampMs >= run.Ms(halfDead.Start) && e.TimestampMs <= run.Ms(halfDead.End));

        Assert.True(answers.Count >= 200, $"{answers.Count} answered triggers");
        Assert.Equal(triggers.Count - unanswered, answers.Count);
        Assert.All(answers, a => Assert.Equal((byte)CommandStatus.Accepted, a.Detail));
    }

    [Fact]
    public void RecurringAlarm_RaisesAndClearsTheSameCodeAtLeastFourTimesWithinADay()
    {
        var fault = Assert.Single(run.Faults(FaultKind.RecurringAlarm));
        Assert.True(fault.End - fault.Start <= s_day);
        var during = run.Parsed.Of(fault.ChargePoint).Where(e => e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End) && e.Port == fault.Port).ToList();
        var v201 = during.Any(e => e.Version == OcppVersion.V201);
        List<(long Ms, bool Raised, string? Key)> alarms = v201
            ? [.. during.Where(e => e.Kind == EventKind.Alert).Select(e => (e.TimestampMs, !e.Cleared, run.Parsed.Text(e)))]
            : [.. during.Where(e => e.Kind == EventKind.Status).Select(e => (e.TimestampMs, e.Error != ErrorCode.NoError, e.Error == ErrorCode.NoError ? null : e.Error + "/" + run.Parsed.Text(e)))];

        var raised = alarms.Where(a => a.Raised).ToList();
        Assert.InRange(raised.Count, 4, 6);
        Assert.Single(raised.Select(a => a.Key).Distinct());
        Assert.NotNull(raised[0].Key);
        Assert.DoesNotContain(during, e => e.Kind == EventKind.Status && e.Status != ConnectorStatus.Available);
        for (var i = 0; i < alarms.Count; i += 2)
        {
            Assert.True(alarms[i].Raised);
            Assert.False(alarms[i + 1].Raised);
            Assert.InRange(alarms[i + 1].Ms - alarms[i].Ms, 60_000, 15 * 60_000);
        }
    }

    [Fact]
    public void EarlyTermination_SessionsStopWithinTwoMinutes_UnderATenthOfAKilowattHour_ForAnAbnormalReason()
    {
        var fault = Assert.Single(run.Faults(FaultKind.EarlyTermination));
        var events = run.Parsed.Of(fault.ChargePoint);
        var starts = events.Where(e => e.Kind == EventKind.SessionStarted && e.Port == fault.Port
            && e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End)).ToList();
        // A driver every 3-6 h for 12-24 h, each trying one to three times.
        Assert.InRange(starts.Count, 3, 24);
        foreach (var start in starts)
        {
            TelemetryEvent stop;
            StopReason reason;
            if (start.Version == OcppVersion.V201)
            {
                stop = events.Single(e => e.Kind == EventKind.SessionStopped && e.TextCode == start.TextCode);
                reason = (StopReason)stop.Reason;
            }
            else
            {
                var transaction = events.First(e => e.Kind == EventKind.AuthResult && e.Reason == (byte)AuthContext.StartTransaction && e.TimestampMs >= start.TimestampMs).Value2;
                stop = events.Single(e => e.Kind == EventKind.SessionStopped && e.Value2 == transaction);
                reason = (StopReason)stop.Detail;
            }

            Assert.InRange(stop.TimestampMs - start.TimestampMs, 1, 120_000);
            Assert.InRange((uint)stop.Value - (uint)start.Value, 0u, 99u);
            Assert.Contains(reason, new[] { StopReason.EVDisconnected, StopReason.PowerLoss, StopReason.EmergencyStop, StopReason.Other });
        }
    }

    [Fact]
    public void ReaderAuthFailure_RejectsEveryDriverOnThatCharger_WhileTheRestOfTheFleetAccepts()
    {
        var fault = Assert.Single(run.Faults(FaultKind.ReaderAuthFailure));
        var backend = Assert.Single(run.Faults(FaultKind.BackendAuthOutage));
        var results = run.Parsed.Events.Where(e => e.Kind == EventKind.AuthResult && e.Reason == (byte)AuthContext.Authorize).ToList();
        var mine = results.Where(e => run.Parsed.Chargers.NameOf(e.Charger) == fault.ChargePoint && e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End)).ToList();

        Assert.True(mine.Count >= 3, $"{mine.Count} attempts");
        Assert.All(mine, e => Assert.Contains((AuthorizationStatus)e.Detail, new[] { AuthorizationStatus.Invalid, AuthorizationStatus.Blocked }));
        var elsewhere = results.Except(mine).Where(e => e.TimestampMs < run.Ms(backend.Start) || e.TimestampMs > run.Ms(backend.End)).ToList();
        Assert.True(elsewhere.Count > 100);
        Assert.All(elsewhere, e => Assert.Equal((byte)AuthorizationStatus.Accepted, e.Detail));
    }

    [Fact]
    public void BackendAuthOutage_TurnsAwayEveryDriverAcrossSites_InvalidOn16AndUnknownOn201()
    {
        var fault = Assert.Single(run.Faults(FaultKind.BackendAuthOutage));
        Assert.True(fault.Chargers.Select(cp => run.Simulation.Inventory.Split('\n').Single(l => l.StartsWith(cp + ",", StringComparison.Ordinal)).Split(',')[1]).Distinct().Count() >= 2);
        var inWindow = run.Parsed.Events.Where(e => e.Kind == EventKind.AuthResult && e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End)).ToList();

        Assert.Equal(fault.Chargers.Order(), inWindow.Select(e => run.Parsed.Chargers.NameOf(e.Charger)).Distinct().Order());
        Assert.All(inWindow, e => Assert.Equal(
            e.Version == OcppVersion.V201 ? (byte)AuthorizationStatus.Unknown : (byte)AuthorizationStatus.Invalid, e.Detail));
    }

    [Fact]
    public void RestartHolds_FaultedResetBootAvailable_AndNoFaultForADay()
    {
        var fault = Assert.Single(run.Faults(FaultKind.RestartHolds));
        var events = run.Parsed.Of(fault.ChargePoint);
        var cycle = AssertRestartCycle(events, fault, run.Ms(fault.Start));
        Assert.Equal(run.Ms(fault.End), cycle.BackMs);
        Assert.DoesNotContain(events, e => e.Kind == EventKind.Status && e.Status == ConnectorStatus.Faulted
            && e.TimestampMs > run.Ms(fault.End) && e.TimestampMs <= run.Ms(fault.End + s_day));
    }

    [Fact]
    public void RestartFails_TheSameFaultReturnsAfterEachOfAtLeastTwoRestarts()
    {
        var fault = Assert.Single(run.Faults(FaultKind.RestartFails));
        var events = run.Parsed.Of(fault.ChargePoint).Where(e => e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End)).ToList();
        var faulted = events.Where(e => e.Kind == EventKind.Status && e.Status == ConnectorStatus.Faulted).ToList();
        var resets = events.Count(e => e.Kind == EventKind.ResetRequested);

        Assert.InRange(resets, 2, 3);
        Assert.Equal(resets + 1, faulted.Count);
        Assert.Single(faulted.Select(e => (e.Port, e.Error, e.TextCode)).Distinct());
        var at = run.Ms(fault.Start);
        for (var i = 0; i < resets; i++)
        {
            var cycle = AssertRestartCycle(events, fault, at);
            Assert.True(faulted[i + 1].TimestampMs - cycle.BackMs <= 3 * 3_600_000);
            at = faulted[i + 1].TimestampMs;
        }

        var last = events.Last(e => e.Kind == EventKind.Status && e.Port == fault.Port);
        Assert.Equal(ConnectorStatus.Available, last.Status);
        Assert.Equal(run.Ms(fault.End), last.TimestampMs);
    }

    [Fact]
    public void PowerDerating_OfferedAndDrawnPowerStayAtMostHalfTheRating_ForHalfAnHourOrMore()
    {
        var fault = Assert.Single(run.Faults(FaultKind.PowerDerating));
        var rating = RatingOf(fault.ChargePoint);
        var meter = run.Parsed.Of(fault.ChargePoint).Where(e => e.Kind == EventKind.Meter && e.Port == fault.Port
            && e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End)).ToList();
        var offered = meter.Where(e => e.Detail == (byte)Measurand.PowerOffered).ToList();
        var drawn = meter.Where(e => e.Detail == (byte)Measurand.PowerActiveImport && e.Value > 0).ToList();

        Assert.True(offered.Count >= 2);
        Assert.All(offered, e => Assert.InRange(e.Value, 1, rating / 2));
        Assert.All(drawn, e => Assert.InRange(e.Value, 1, rating / 2));
        Assert.True(offered[^1].TimestampMs - offered[0].TimestampMs >= 30 * 60_000);

        // The same model elsewhere is offered its full rating.
        var model = ModelOf(fault.ChargePoint);
        var peers = run.Parsed.Events.Where(e => e.Kind == EventKind.Meter && e.Detail == (byte)Measurand.PowerOffered
            && ModelOf(run.Parsed.Chargers.NameOf(e.Charger)) == model && run.Parsed.Chargers.NameOf(e.Charger) != fault.ChargePoint).ToList();
        Assert.NotEmpty(peers);
        Assert.All(peers, e => Assert.Equal(rating, e.Value));
    }

    [Fact]
    public void FirmwareFailure_OneModelAtTwoSitesFails_WhileOtherUpdatesInstall()
    {
        var fault = Assert.Single(run.Faults(FaultKind.FirmwareFailure));
        Assert.Single(fault.Chargers.Select(ModelOf).Distinct());
        Assert.True(fault.Chargers.Select(SiteOf).Distinct().Count() >= 2);
        var failures = new[] { FirmwareStatus.InstallationFailed, FirmwareStatus.DownloadFailed, FirmwareStatus.InstallVerificationFailed, FirmwareStatus.InvalidSignature };
        foreach (var cp in fault.Chargers)
        {
            var statuses = run.Parsed.Of(cp).Where(e => e.Kind == EventKind.Firmware && e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End))
                .Select(e => (FirmwareStatus)e.Detail).ToList();
            Assert.Equal(FirmwareStatus.Downloading, statuses[0]);
            Assert.Contains(statuses[^1], failures);
            if (statuses[^1] == FirmwareStatus.InstallationFailed)
            {
                Assert.Equal([FirmwareStatus.Downloading, FirmwareStatus.Downloaded, FirmwareStatus.Installing, FirmwareStatus.InstallationFailed], statuses);
            }
        }

        var installed = run.Parsed.Events.Where(e => e.Kind == EventKind.Firmware && e.Detail == (byte)FirmwareStatus.Installed).ToList();
        Assert.NotEmpty(installed);
        Assert.All(installed, e => Assert.NotEqual(ModelOf(fault.ChargePoint), ModelOf(run.Parsed.Chargers.NameOf(e.Charger))));
    }

    [Fact]
    public void ScheduledMaintenance_ChangeAvailabilityTakesThePortOutAndBack_AndTruthExcludesIt()
    {
        var fault = Assert.Single(run.Faults(FaultKind.ScheduledMaintenance));
        var exclusion = Assert.Single(run.Simulation.Truth.Exclusions);
        Assert.Equal((fault.ChargePoint, fault.Port!.Value, fault.Start, fault.End, "scheduled_maintenance"), (exclusion.ChargePoint, exclusion.Port, exclusion.Start, exclusion.End, exclusion.Reason));
        var events = run.Parsed.Of(fault.ChargePoint).Where(e => e.TimestampMs >= run.Ms(fault.Start) && e.TimestampMs <= run.Ms(fault.End) + 10_000).ToList();
        var commands = events.Where(e => e.Kind == EventKind.Command && e.Detail == (byte)CommandAction.ChangeAvailability).ToList();

        Assert.Equal(2, commands.Count);
        Assert.Equal([(byte)AvailabilityType.Inoperative, (byte)AvailabilityType.Operative], commands.Select(c => c.Reason));
        Assert.All(commands, c => Assert.Equal(fault.Port, c.Port));
        Assert.Equal(run.Ms(fault.Start), commands[0].TimestampMs);
        Assert.Equal(run.Ms(fault.End), commands[1].TimestampMs);
        Assert.Equal(2, events.Count(e => e.Kind == EventKind.CommandResult && e.Reason == (byte)CommandAction.ChangeAvailability && e.Detail == (byte)CommandStatus.Accepted));
        var statuses = events.Where(e => e.Kind == EventKind.Status && e.Port == fault.Port).Select(e => e.Status).ToList();
        Assert.Equal([ConnectorStatus.Unavailable, ConnectorStatus.Available], statuses);
    }

    [Fact]
    public void ConnectorFaulted_CarriesErrorAndVendorCodes_AndLastsLongEnoughToAge()
    {
        var faults = run.Faults(FaultKind.ConnectorFaulted);
        Assert.NotEmpty(faults);
        foreach (var fault in faults)
        {
            Assert.True(fault.Minutes >= FaultLibrary.AgingMinutes);
            Assert.Contains(SignalNames.AlarmAging, fault.ExpectedSignals);
            var faulted = run.Parsed.Of(fault.ChargePoint).Single(e => e.Kind == EventKind.Status && e.Status == ConnectorStatus.Faulted && e.TimestampMs == run.Ms(fault.Start));
            if (faulted.Version == OcppVersion.V16)
            {
                Assert.NotEqual(ErrorCode.NoError, faulted.Error);
                Assert.StartsWith("E", run.Parsed.Text(faulted), StringComparison.Ordinal);
            }
        }
    }

    private (long ResetMs, long BackMs) AssertRestartCycle(List<TelemetryEvent> events, InjectedFault fault, long faultedMs)
    {
        var faulted = events.Single(e => e.Kind == EventKind.Status && e.Status == ConnectorStatus.Faulted && e.TimestampMs == faultedMs);
        Assert.Equal(fault.Port, faulted.Port);
        var reset = events.First(e => e.Kind == EventKind.ResetRequested && e.TimestampMs > faultedMs);
        Assert.Equal(EventOrigin.Csms, reset.Origin);
        var result = events.First(e => e.Kind == EventKind.ResetResult && e.TimestampMs >= reset.TimestampMs);
        Assert.Equal((byte)CommandStatus.Accepted, result.Detail);
        var back = events.First(e => e.Kind == EventKind.Connected && e.TimestampMs > reset.TimestampMs);
        var boot = events.First(e => e.Kind == EventKind.Boot && e.TimestampMs > reset.TimestampMs);
        Assert.InRange(boot.TimestampMs - reset.TimestampMs, 60_000, 5 * 60_000);
        if (boot.Version == OcppVersion.V201)
        {
            Assert.Equal((byte)BootReason.RemoteReset, boot.Detail);
        }

        Assert.Contains(events, e => e.Kind == EventKind.Status && e.Port == fault.Port && e.Status == ConnectorStatus.Available
            && e.TimestampMs > boot.TimestampMs && e.TimestampMs < boot.TimestampMs + 10_000);
        return (reset.TimestampMs, back.TimestampMs);
    }

    private string[] Row(string cp) => run.Simulation.Inventory.Split('\n').Single(l => l.StartsWith(cp + ",", StringComparison.Ordinal)).Split(',');

    private string SiteOf(string cp) => Row(cp)[1];

    private string ModelOf(string cp) => Row(cp)[3];

    // The catalogue's ratings, in W.
    private int RatingOf(string cp) => ModelOf(cp) switch
    {
        "VX-22" => 22_000,
        "VX-50D" => 50_000,
        "AW-150" => 150_000,
        "GN-Home7" => 7_000,
        "GN-Duo11" => 11_000,
        _ => 350_000,
    };
}
