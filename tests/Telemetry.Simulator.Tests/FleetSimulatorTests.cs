using Telemetry.Simulator.Faults;

namespace Telemetry.Simulator.Tests;

public class FleetSimulatorTests
{
    private static readonly SimulationOptions s_small = new() { Chargers = 6, Sites = 2, Days = 2, Seed = 7, Ocpp201Share = 0.5 };

    [Fact]
    public void WriteTo_WritesByteIdenticalFiles_ForSameOptions()
    {
        var first = Directory.CreateTempSubdirectory("telemetry-sim-");
        var second = Directory.CreateTempSubdirectory("telemetry-sim-");
        try
        {
            var a = FleetSimulator.WriteTo(s_small, first.FullName);
            var b = FleetSimulator.WriteTo(s_small, second.FullName);

            Assert.True(a.Records > 0);
            Assert.Equal(a.Records, b.Records);
            foreach (var name in new[] { FleetSimulator.CaptureFileName, FleetSimulator.InventoryFileName, FleetSimulator.TruthFileName })
            {
                var left = File.ReadAllBytes(Path.Combine(first.FullName, name));
                var right = File.ReadAllBytes(Path.Combine(second.FullName, name));
                Assert.NotEmpty(left);
                Assert.Equal(left, right);
            }
        }
        finally
        {
            first.Delete(recursive: true);
            second.Delete(recursive: true);
        }
    }

    [Fact]
    public void WriteTo_ReportsRecordsWritten()
    {
        var directory = Directory.CreateTempSubdirectory("telemetry-sim-");
        try
        {
            var summary = FleetSimulator.WriteTo(s_small, directory.FullName);

            var lines = File.ReadAllLines(summary.CapturePath);
            Assert.Equal(summary.Records, lines.Length);
            Assert.Equal(summary.Faults, TruthFileReadCount(summary.TruthPath));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void WriteCapture_IsDeterministic_InMemory()
    {
        var first = SimulationRun.Generate(s_small);
        var second = SimulationRun.Generate(s_small);

        Assert.Equal(first.Capture, second.Capture);
        Assert.Equal(first.Inventory, second.Inventory);
        Assert.Equal(first.TruthBytes, second.TruthBytes);
    }

    [Fact]
    public void WriteCapture_Differs_ForDifferentSeed()
    {
        var first = SimulationRun.Generate(s_small);
        var second = SimulationRun.Generate(new SimulationOptions { Chargers = 6, Sites = 2, Days = 2, Seed = 8, Ocpp201Share = 0.5 });

        Assert.NotEqual(first.Capture, second.Capture);
    }

    [Fact]
    public void WriteCapture_WritesWellFormedRecords_InTimeOrder()
    {
        var run = SimulationRun.Generate(s_small);
        var start = run.Truth.Start;
        var end = run.Truth.End;

        Assert.Equal(string.Empty, run.Lines[^1]);
        var previous = DateTimeOffset.MinValue;
        var count = 0;
        var csmsCalls = new HashSet<(string Cp, string Id)>();
        foreach (var record in run.Records())
        {
            Assert.True(record.Ts >= previous, $"{record.Ts:O} after {previous:O}");
            Assert.InRange(record.Ts, start, end);
            Assert.Matches("^CP-[0-9]{6}$", record.Cp);
            if (record.Msg is { } msg)
            {
                Assert.Null(record.Event);
                Assert.Equal(System.Text.Json.JsonValueKind.Array, msg.ValueKind);
                // The charger's CALLs arrive (rx) and are answered (tx); the CSMS's Reset goes the other way.
                var type = msg[0].GetInt32();
                var key = (record.Cp, msg[1].GetString()!);
                var fromCsms = type == 2 ? msg[2].GetString() == "Reset" && csmsCalls.Add(key) : csmsCalls.Remove(key);
                var charger = type == 2 ? !fromCsms : fromCsms;
                Assert.Equal(charger ? "rx" : "tx", record.Dir);
                Assert.Equal(type == 2 ? 4 : 3, msg.GetArrayLength());
                Assert.InRange(msg[1].GetString()!.Length, 1, 36);
            }
            else
            {
                Assert.Contains(record.Event, new[] { "connected", "disconnected" });
            }

            previous = record.Ts;
            count++;
        }

        Assert.True(count > 1000, $"only {count} records");
    }

    [Fact]
    public void WriteCapture_AnswersEveryCall_WithTheSameMessageId()
    {
        var run = SimulationRun.Generate(s_small);
        var open = new Dictionary<(string Cp, string Id), string>();
        var seen = new HashSet<(string Cp, string Id)>();

        foreach (var record in run.Records())
        {
            if (record.Msg is not { } msg)
            {
                continue;
            }

            var key = (record.Cp, msg[1].GetString()!);
            if (msg[0].GetInt32() == 2)
            {
                Assert.True(seen.Add(key), $"message id {key} reused");
                open.Add(key, msg[2].GetString()!);
            }
            else
            {
                Assert.Equal(3, msg[0].GetInt32());
                Assert.True(open.Remove(key), $"result {key} without a call");
            }
        }

        Assert.Empty(open);
    }

    [Fact]
    public void WriteCapture_ConnectsEachChargerFirst_WithItsProtocolAndBoot()
    {
        var run = SimulationRun.Generate(s_small);
        var firstByCp = new Dictionary<string, CaptureLine>();
        var secondByCp = new Dictionary<string, CaptureLine>();
        foreach (var record in run.Records())
        {
            if (!firstByCp.TryAdd(record.Cp, record))
            {
                secondByCp.TryAdd(record.Cp, record);
            }
        }

        Assert.Equal(s_small.Chargers, firstByCp.Count);
        var protocols = new HashSet<string>();
        foreach (var (cp, first) in firstByCp)
        {
            Assert.Equal("connected", first.Event);
            protocols.Add(first.Proto!);
            Assert.True(secondByCp[cp].IsCall("BootNotification"), cp);
        }

        Assert.Equal(new HashSet<string> { "ocpp1.6", "ocpp2.0.1" }, protocols);
    }

    [Fact]
    public void WriteCapture_ContainsChargingSessions()
    {
        var run = SimulationRun.Generate(s_small);
        var starts = 0;
        var stops = 0;
        foreach (var record in run.Records())
        {
            if (record.IsCall("StartTransaction") || (record.IsCall("TransactionEvent") && record.Payload.GetProperty("eventType").GetString() == "Started"))
            {
                starts++;
            }
            else if (record.IsCall("StopTransaction") || (record.IsCall("TransactionEvent") && record.Payload.GetProperty("eventType").GetString() == "Ended"))
            {
                stops++;
            }
        }

        Assert.True(starts > 0);
        Assert.Equal(starts, stops);
    }

    [Fact]
    public void WriteCapture_KeepsTrafficOfUnfaultedChargers_WhenFaultRatesChange()
    {
        var few = SimulationRun.Generate(s_small);
        var many = SimulationRun.Generate(new SimulationOptions
        {
            Chargers = 6, Sites = 2, Days = 2, Seed = 7, Ocpp201Share = 0.5, OfflineFaultsPerChargerDay = 0.2,
        });
        var faulted = new HashSet<string>();
        foreach (var fault in few.Truth.Faults.Concat(many.Truth.Faults))
        {
            faulted.Add(fault.ChargePoint);
        }

        var untouched = Enumerable.Range(1, 6).Select(i => $"CP-{i:D6}").Where(cp => !faulted.Contains(cp)).ToList();
        Assert.NotEmpty(untouched);
        Assert.NotEqual(few.Truth.Faults.Count, many.Truth.Faults.Count);
        foreach (var cp in untouched)
        {
            var marker = $"\"cp\":\"{cp}\"";
            Assert.Equal(few.Lines.Where(l => l.Contains(marker)), many.Lines.Where(l => l.Contains(marker)));
        }
    }

    private static int TruthFileReadCount(string path) => Truth.TruthFile.Read(path).Faults.Count;
}
