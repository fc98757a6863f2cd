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
        for (var i = 0; i < truth.Faults.Count; i++)
        {
            var fault = truth.Faults[i];
            Assert.Equal($"F-{i + 1:D4}", fault.Id);
            Assert.True(fault.Start >= truth.Start.AddHours(2), fault.Id);
            Assert.True(fault.End <= truth.End.AddHours(-2), fault.Id);
            Assert.True(fault.End > fault.Start, fault.Id);
            Assert.Equal((fault.End - fault.Start).TotalMinutes, fault.Minutes);
            Assert.Equal(fault.Kind == FaultKind.Offline, fault.Port is null);
            foreach (var other in truth.Faults.Skip(i + 1).Where(o => o.ChargePoint == fault.ChargePoint))
            {
                Assert.True(other.Start >= fault.End || other.End <= fault.Start, $"{fault.Id} overlaps {other.Id}");
            }
        }
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
    }

    [Fact]
    public void TruthFile_UsesDocumentedFieldNames()
    {
        var stream = new MemoryStream();
        TruthFile.Write(new FleetSimulator(new SimulationOptions { Chargers = 3, Sites = 1, Days = 1 }).Truth, stream);
        using var document = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var root = document.RootElement;

        Assert.Equal(
            new[] { "seed", "start", "end", "heartbeat_interval_s", "chargers", "sites", "faults" },
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2026-03-01T00:00:00.000Z", root.GetProperty("start").GetString());
        Assert.Equal("2026-03-02T00:00:00.000Z", root.GetProperty("end").GetString());
        var fault = root.GetProperty("faults")[0];
        Assert.Equal(
            new[] { "id", "kind", "cp", "site", "port", "start", "end", "minutes" },
            fault.EnumerateObject().Select(p => p.Name));
        Assert.Contains(fault.GetProperty("kind").GetString(), new[] { "offline", "connector_faulted" });
    }

    [Fact]
    public void TruthFile_Throws_ForMalformedContent()
    {
        Assert.Throws<FormatException>(() => TruthFile.Read(new MemoryStream("{\"seed\":1}"u8.ToArray())));
        Assert.Throws<FormatException>(() => TruthFile.Read(new MemoryStream("not json"u8.ToArray())));
    }
}
