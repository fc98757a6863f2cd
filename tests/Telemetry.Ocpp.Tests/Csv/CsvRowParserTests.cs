using System.Text;
using Telemetry.Ocpp.Csv;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Ocpp.Tests.Csv;

public class CsvRowParserTests
{
    private const string Header = "timestamp,id,action,msg\n";

    [Theory]
    [InlineData("Reset")]
    [InlineData("RemoteStopTransaction")]
    [InlineData("TriggerMessage")]
    [InlineData("RequestStartTransaction")]
    [InlineData("SetVariables")]
    public async Task Parse_AttributesCallToCsms_WhenActionIsSentByCsms(string action)
    {
        var run = await CsvRun.ReadAsync(Header + Row("c1", $"[2, \"\"c1\"\", \"\"{action}\"\", {{}}]"));

        var command = Assert.Single(run.Log.Events);
        // A Reset is its own kind; the other commands are Command events naming their action.
        Assert.Equal(action == "Reset" ? EventKind.ResetRequested : EventKind.Command, command.Kind);
        Assert.Equal(EventOrigin.Csms, command.Origin);
    }

    [Theory]
    [InlineData("DataTransfer", "{\"\"vendorId\"\": \"\"V\"\"}", EventKind.Unknown)]
    [InlineData("Authorize", "{\"\"idTag\"\": \"\"T1\"\"}", EventKind.AuthRequested)]
    [InlineData("MeterValues", "{\"\"connectorId\"\": 1, \"\"meterValue\"\": [{\"\"timestamp\"\": \"\"2026-03-01T12:00:00Z\"\", \"\"sampledValue\"\": [{\"\"value\"\": \"\"10\"\"}]}]}", EventKind.Meter)]
    public async Task Parse_AttributesCallToCharger_WhenActionIsNotSentByCsms(string action, string payload, EventKind kind)
    {
        var run = await CsvRun.ReadAsync(Header + Row("c1", $"[2, \"\"c1\"\", \"\"{action}\"\", {payload}]"));

        var call = Assert.Single(run.Log.Events);
        Assert.Equal(kind, call.Kind);
        Assert.Equal(EventOrigin.Charger, call.Origin);
    }

    [Fact]
    public async Task Parse_AttributesErrorToCharger_WhenItAnswersCsmsCall()
    {
        var text = Header
            + Row("r1", "[2, \"\"r1\"\", \"\"Reset\"\", {\"\"type\"\": \"\"Hard\"\"}]")
            + Row("r1", "[4, \"\"r1\"\", \"\"NotSupported\"\", \"\"\"\", {}]")
            + Row("h1", "[2, \"\"h1\"\", \"\"Heartbeat\"\", {}]")
            + Row("h1", "[4, \"\"h1\"\", \"\"InternalError\"\", \"\"\"\", {}]");

        var run = await CsvRun.ReadAsync(text);

        Assert.Empty(run.Log.Rejections);
        Assert.Equal(
            [(EventKind.ResetRequested, EventOrigin.Csms), (EventKind.CallError, EventOrigin.Charger), (EventKind.Heartbeat, EventOrigin.Charger), (EventKind.CallError, EventOrigin.Csms)],
            run.Log.Events.ConvertAll(e => (e.Kind, e.Origin)));
    }

    [Fact]
    public async Task Parse_MatchesAnswersToBothDirections_WhenSameIdUsedByChargerAndCsms()
    {
        // The charger's BootNotification and the CSMS's Reset share id 7; the CSMS call is answered first.
        var text = Header
            + Row("7", "[2, \"\"7\"\", \"\"BootNotification\"\", {\"\"chargePointVendor\"\": \"\"A\"\", \"\"chargePointModel\"\": \"\"B\"\"}]")
            + Row("7", "[2, \"\"7\"\", \"\"Reset\"\", {\"\"type\"\": \"\"Soft\"\"}]")
            + Row("7", "[3, \"\"7\"\", {\"\"status\"\": \"\"Accepted\"\"}]")
            + Row("7", "[3, \"\"7\"\", {\"\"status\"\": \"\"Accepted\"\", \"\"interval\"\": 60, \"\"currentTime\"\": \"\"2026-03-01T12:00:00Z\"\"}]");

        var run = await CsvRun.ReadAsync(text);

        Assert.Empty(run.Log.Rejections);
        Assert.Equal([EventKind.Boot, EventKind.ResetRequested, EventKind.ResetResult, EventKind.BootResult], run.Log.Events.ConvertAll(e => e.Kind));
        Assert.Equal(EventOrigin.Charger, run.Log.Events[2].Origin);
        Assert.Equal(60, run.Log.Events[3].Value);
        Assert.Equal(0, run.Parser.RowsWithoutEvent);
        Assert.Equal(0, run.Parser.UnmatchedResults);
    }

    [Fact]
    public async Task Parse_CountsUnmatchedResult_WhenNoCallPrecedesIt()
    {
        var run = await CsvRun.ReadAsync(Header + Row("x1", "[3, \"\"x1\"\", {}]"));

        Assert.Empty(run.Log.Events);
        Assert.Empty(run.Log.Rejections);
        Assert.Equal(1, run.Parser.UnmatchedResults);
        Assert.Equal(1, run.Parser.RowsWithoutEvent);
    }

    [Fact]
    public void Parse_AllocatesNothing_WhenChargersKnownAndRowsWarm()
    {
        var parser = new CsvRowParser(new ChargerRegistry(), new PendingCalls(4096, TimeSpan.FromMinutes(5)), new CsmsCalls(1024));
        var columns = CsvColumns.Parse("timestamp,id,action,msg"u8);
        var rows = new byte[1000][];
        for (var i = 0; i < rows.Length; i += 2)
        {
            rows[i] = Encoding.UTF8.GetBytes($"2026-03-01T12:00:00Z,CP-{i % 10},Heartbeat,\"[2, \"\"h{i}\"\", \"\"Heartbeat\"\", {{}}]\"");
            rows[i + 1] = Encoding.UTF8.GetBytes($"2026-03-01T12:00:00.1Z,CP-{i % 10},,\"[3, \"\"h{i}\"\", {{\"\"currentTime\"\": \"\"2026-03-01T12:00:00Z\"\"}}]\"");
        }

        var scratch = new byte[4096];
        var warmUp = default(CountingHandler);
        ParseAll(parser, rows, columns, scratch, ref warmUp);
        // As for the tap parser: tiered compilation may allocate once during a pass; a per-row allocation would show in every pass.
        var handler = default(CountingHandler);
        var fewest = AllocationMeter.FewestBytes(() => ParseAll(parser, rows, columns, scratch, ref handler));

        Assert.Equal(AllocationMeter.DefaultRuns * (rows.Length / 2), handler.Events);
        Assert.Equal(0, handler.Rejected);
        Assert.Equal(0, fewest);
    }

    private static void ParseAll(CsvRowParser parser, byte[][] rows, in CsvColumns columns, byte[] scratch, ref CountingHandler handler)
    {
        foreach (var row in rows)
        {
            parser.Parse(row, columns, scratch, ref handler);
        }
    }

    private static string Row(string id, string frame) => $"2026-03-01T12:00:00Z,CP-1,{id},\"{frame}\"\n";
}
