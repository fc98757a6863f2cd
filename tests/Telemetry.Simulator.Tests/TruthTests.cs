using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Tests;

public class TruthTests
{
    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 1, 3)]
    [InlineData(50, 5, 7)]
    public void Truth_HasEachFaultKind_ClearOfEdgesAndOverlaps(int chargers, int days, int seed)
    {
        var simulator = new FleetSimulator(new SimulationOptions { Chargers = chargers, Sites = 1, Days = days, Seed = seed });
        var truth = simulator.Truth;

        Assert.Contains(truth.Faults, f => f.Kind == FaultKind.Offline);
        Assert.Contains(truth.Faults, f => f.Kind == FaultKind.ConnectorFaulted);
        Assert.Equal(truth.Start.AddDays(days), truth.End);
        var large = chargers >= 4 && days >= 2;
        Assert.Equal(large, truth.Faults.Any(f => f.Kind == FaultKind.CommsFlapping));
        Assert.Equal(large, truth.Faults.Any(f => f.Kind == FaultKind.ResetLoop));
        Assert.Equal(large, truth.PlannedResets.Count > 0);
        for (var i = 0; i < truth.Faults.Count; i++)
        {
            var fault = truth.Faults[i];
            Assert.Equal($"F-{i + 1:D4}", fault.Id);
            Assert.True(fault.Start >= truth.Start.AddHours(2), fault.Id);
            Assert.True(fault.End <= truth.End.AddHours(-2), fault.Id);
            Assert.True(fault.End > fault.Start, fault.Id);
            Assert.Equal((fault.End - fault.Start).TotalMinutes, fault.Minutes);
            Assert.Equal(fault.Kind != FaultKind.ConnectorFaulted, fault.Port is null);
            Assert.Equal(fault.Kind == FaultKind.CommsFlapping, fault.Disconnects is not null);
            Assert.Equal(fault.Kind == FaultKind.ResetLoop, fault.Boots is not null);
            foreach (var other in truth.Faults.Skip(i + 1).Where(o => o.ChargePoint == fault.ChargePoint))
            {
                Assert.True(other.Start >= fault.End || other.End <= fault.Start, $"{fault.Id} overlaps {other.Id}");
            }
        }

        foreach (var reset in truth.PlannedResets)
        {
            Assert.True(reset.Time >= truth.Start.AddHours(2) && reset.Time <= truth.End.AddHours(-2), reset.ToString());
            Assert.DoesNotContain(truth.Faults, f => f.ChargePoint == reset.ChargePoint && reset.Time > f.Start.AddMinutes(-15) && reset.Time < f.End.AddMinutes(15));
        }
    }

    [Theory]
    [InlineData(4, 2, 1)]
    [InlineData(10, 3, 5)]
    [InlineData(50, 7, 9)]
    public void Truth_NewKinds_HaveTheirShape(int chargers, int days, int seed)
    {
        var truth = new FleetSimulator(new SimulationOptions { Chargers = chargers, Sites = 1, Days = days, Seed = seed }).Truth;

        var flapping = truth.Faults.Where(f => f.Kind == FaultKind.CommsFlapping).ToList();
        var loops = truth.Faults.Where(f => f.Kind == FaultKind.ResetLoop).ToList();
        Assert.NotEmpty(flapping);
        Assert.NotEmpty(loops);
        Assert.All(flapping, f =>
        {
            Assert.InRange(f.Minutes, 20, 60);
            Assert.InRange(f.Disconnects!.Value, 3, 6);
        });
        Assert.All(loops, f =>
        {
            Assert.InRange(f.Minutes, 120, 720);
            Assert.InRange(f.Boots!.Value, 3, 5);
        });
    }

    [Fact]
    public void Truth_NewKinds_AreAbsent_WhenTheirRatesAreZero()
    {
        var truth = new FleetSimulator(new SimulationOptions
        {
            Chargers = 20, Sites = 2, Days = 7, CommsFlappingPerChargerDay = 0, ResetLoopsPerChargerDay = 0, PlannedResetsPerChargerDay = 0,
        }).Truth;

        Assert.All(truth.Faults, f => Assert.True(f.Kind is FaultKind.Offline or FaultKind.ConnectorFaulted, f.Id));
        Assert.Empty(truth.PlannedResets);
    }

    [Fact]
    public void Truth_KeepsOfflineAndConnectorFaults_WhateverTheNewRates()
    {
        var without = new FleetSimulator(new SimulationOptions
        {
            Chargers = 30, Sites = 3, Days = 5, Seed = 3, CommsFlappingPerChargerDay = 0, ResetLoopsPerChargerDay = 0, PlannedResetsPerChargerDay = 0,
        }).Truth;
        var with = new FleetSimulator(new SimulationOptions
        {
            Chargers = 30, Sites = 3, Days = 5, Seed = 3, CommsFlappingPerChargerDay = 0.1, ResetLoopsPerChargerDay = 0.05, PlannedResetsPerChargerDay = 0.1,
        }).Truth;

        Assert.True(with.Faults.Count > without.Faults.Count);
        Assert.Equal(without.Faults, with.Faults.Take(without.Faults.Count));
    }

    [Fact]
    public void Truth_FaultCount_GrowsWithFleetAndDays()
    {
        var small = new FleetSimulator(new SimulationOptions { Chargers = 10, Sites = 1, Days = 2 }).Truth.Faults.Count;
        var large = new FleetSimulator(new SimulationOptions { Chargers = 100, Sites = 1, Days = 14 }).Truth.Faults.Count;

        Assert.True(large > small * 10, $"{small} then {large}");
    }

    [Fact]
    public void TruthFile_ReadsWhatItWrote()
    {
        var truth = new FleetSimulator(new SimulationOptions { Chargers = 20, Sites = 4, Days = 3, Seed = 11, HeartbeatIntervalSeconds = 120 }).Truth;
        var stream = new MemoryStream();

        TruthFile.Write(truth, stream);
        stream.Position = 0;
        var read = TruthFile.Read(stream);

        Assert.Equal(11, read.Seed);
        Assert.Equal(120, read.HeartbeatIntervalSeconds);
        Assert.Equal(20, read.Chargers);
        Assert.Equal(4, read.Sites);
        Assert.Equal(truth.Start, read.Start);
        Assert.Equal(truth.End, read.End);
        Assert.Equal(truth.Faults, read.Faults);
        Assert.Contains(read.Faults, f => f.Kind == FaultKind.CommsFlapping && f.Disconnects > 0);
        Assert.Contains(read.Faults, f => f.Kind == FaultKind.ResetLoop && f.Boots > 0);
        Assert.NotEmpty(read.PlannedResets);
        Assert.Equal(truth.PlannedResets, read.PlannedResets);
    }

    [Fact]
    public void TruthFile_Reads_FileWithoutNewFields()
    {
        var json = """
            {"seed":1,"start":"2026-03-01T00:00:00.000Z","end":"2026-03-02T00:00:00.000Z","heartbeat_interval_s":300,"chargers":2,"sites":1,
             "faults":[{"id":"F-0001","kind":"offline","cp":"CP-000001","site":"SITE-001","port":null,"start":"2026-03-01T03:00:00.000Z","end":"2026-03-01T05:00:00.000Z","minutes":120}]}
            """;

        var read = TruthFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        var fault = Assert.Single(read.Faults);
        Assert.Equal(FaultKind.Offline, fault.Kind);
        Assert.Null(fault.Disconnects);
        Assert.Null(fault.Boots);
        Assert.Empty(read.PlannedResets);
    }

    [Fact]
    public void TruthFile_ReadsNewKindsAndPlannedResets()
    {
        var json = """
            {"seed":1,"start":"2026-03-01T00:00:00.000Z","end":"2026-03-02T00:00:00.000Z","heartbeat_interval_s":300,"chargers":2,"sites":1,
             "faults":[
              {"id":"F-0001","kind":"comms_flapping","cp":"CP-000001","site":"SITE-001","port":null,"start":"2026-03-01T03:00:00.000Z","end":"2026-03-01T03:40:00.000Z","minutes":40,"disconnects":4},
              {"id":"F-0002","kind":"reset_loop","cp":"CP-000002","site":"SITE-001","port":null,"start":"2026-03-01T04:00:00.000Z","end":"2026-03-01T09:00:00.000Z","minutes":300,"boots":3}],
             "planned_resets":[{"cp":"CP-000001","ts":"2026-03-01T12:34:56.789Z"}]}
            """;

        var read = TruthFile.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Equal(FaultKind.CommsFlapping, read.Faults[0].Kind);
        Assert.Equal(4, read.Faults[0].Disconnects);
        Assert.Null(read.Faults[0].Boots);
        Assert.Equal(FaultKind.ResetLoop, read.Faults[1].Kind);
        Assert.Equal(3, read.Faults[1].Boots);
        Assert.Null(read.Faults[1].Disconnects);
        var reset = Assert.Single(read.PlannedResets);
        Assert.Equal("CP-000001", reset.ChargePoint);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 34, 56, 789, TimeSpan.Zero), reset.Time);
    }

    [Fact]
    public void TruthFile_UsesDocumentedFieldNames()
    {
        var stream = new MemoryStream();
        TruthFile.Write(new FleetSimulator(new SimulationOptions { Chargers = 3, Sites = 1, Days = 1 }).Truth, stream);
        using var document = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var root = document.RootElement;

        Assert.Equal(
            new[] { "seed", "start", "end", "heartbeat_interval_s", "chargers", "sites", "faults", "planned_resets", "exclusions" },
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-03-01T00:00:00.000Z", root.GetProperty("start").GetString());
        Assert.Equal("2026-03-02T00:00:00.000Z", root.GetProperty("end").GetString());
        var fault = root.GetProperty("faults")[0];
        Assert.Equal(
            new[] { "id", "kind", "cp", "site", "port", "start", "end", "minutes", "class", "scope", "expected_signals", "allowed_signals", "ports_outage_minutes", "expected_incident" },
            fault.EnumerateObject().Select(p => p.Name));
        Assert.Contains(fault.GetProperty("kind").GetString(), new[] { "offline", "connector_faulted" });
    }

    [Fact]
    public void TruthFile_UsesDocumentedFieldNames_ForNewKindsAndPlannedResets()
    {
        var stream = new MemoryStream();
        TruthFile.Write(new FleetSimulator(new SimulationOptions { Chargers = 8, Sites = 2, Days = 3 }).Truth, stream);
        using var document = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var root = document.RootElement;
        var faults = root.GetProperty("faults").EnumerateArray().ToList();

        var flapping = faults.First(f => f.GetProperty("kind").GetString() == "comms_flapping");
        Assert.Equal(
            new[] { "id", "kind", "cp", "site", "port", "start", "end", "minutes", "disconnects", "class", "scope", "expected_signals", "allowed_signals", "expected_incident" },
            flapping.EnumerateObject().Select(p => p.Name));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, flapping.GetProperty("port").ValueKind);
        var loop = faults.First(f => f.GetProperty("kind").GetString() == "reset_loop");
        Assert.Equal(
            new[] { "id", "kind", "cp", "site", "port", "start", "end", "minutes", "boots", "class", "scope", "expected_signals", "allowed_signals", "expected_incident" },
            loop.EnumerateObject().Select(p => p.Name));
        var reset = root.GetProperty("planned_resets")[0];
        Assert.Equal(new[] { "cp", "ts", "end" }, reset.EnumerateObject().Select(p => p.Name));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", reset.GetProperty("ts").GetString());
    }

    [Fact]
    public void TruthFile_Throws_ForMalformedContent()
    {
        Assert.Throws<FormatException>(() => TruthFile.Read(new MemoryStream("{\"seed\":1}"u8.ToArray())));
        Assert.Throws<FormatException>(() => TruthFile.Read(new MemoryStream("not json"u8.ToArray())));
    }
}
