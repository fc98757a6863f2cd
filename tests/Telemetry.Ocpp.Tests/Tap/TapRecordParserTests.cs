using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tap;
using Telemetry.Ocpp.Tests.Support;
using Telemetry.Testing;

namespace Telemetry.Ocpp.Tests.Tap;

public class TapRecordParserTests
{
    private const int Chargers = 10;
    private const int Rounds = 100; // each round is one charger's block of frames: 1.6 for even chargers, 2.0.1 for odd

    // Events per block, counted from the frames below: each frame gives one event except MeterValues
    // (one per kept measurand: 5 in the 1.6 block, 3 in the 2.0.1 block) and NotifyEvent (one per item: 2).
    private const int EventsPer16Block = 16 + 5;
    private const int EventsPer201Block = 11 + 2 + 3;

    [Fact]
    public void Parse_AllocatesNothing_WhenChargersKnownAndRecordsWarm()
    {
        var parser = new TapRecordParser(new ChargerRegistry(), new PendingCalls(4096, TimeSpan.FromMinutes(5)));
        var records = BuildRecords();
        var warmUp = default(CountingHandler);
        ParseAll(parser, records, ref warmUp);
        // Tiered compilation may install new code during a pass and allocate a few bytes once
        // (88 observed, none with DOTNET_TieredCompilation=0). A per-record allocation would show in
        // every pass of the capture, so one pass at zero proves none.
        var handler = default(CountingHandler);
        var fewest = AllocationMeter.FewestBytes(() => ParseAll(parser, records, ref handler));

        Assert.Equal(AllocationMeter.DefaultRuns * ((Rounds / 2 * EventsPer16Block) + (Rounds / 2 * EventsPer201Block)), handler.Events);
        Assert.Equal(0, handler.Rejected);
        Assert.Equal(Chargers, parser.Chargers.Count);
        Assert.Equal(0, parser.UnmatchedResults);
        Assert.Equal(0, fewest);
    }

    [Fact]
    public void Parse_InfersVersion16_WhenBootNotificationHasFlatFields()
    {
        var log = new ParseLog();
        var handler = new RecordingHandler(log);
        var parser = new TapRecordParser(new ChargerRegistry(), new PendingCalls(16, TimeSpan.FromMinutes(5)));

        parser.Parse("""{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartbeat",{}]}"""u8, ref handler);
        parser.Parse("""{"ts":"2026-03-01T12:00:01Z","cp":"CP-1","dir":"rx","msg":[2,"b1","BootNotification",{"chargePointVendor":"A","chargePointModel":"B"}]}"""u8, ref handler);
        parser.Parse("""{"ts":"2026-03-01T12:00:02Z","cp":"CP-1","dir":"rx","msg":[2,"h2","Heartbeat",{}]}"""u8, ref handler);

        Assert.Equal([OcppVersion.Unknown, OcppVersion.V16, OcppVersion.V16], log.Events.ConvertAll(e => e.Version));
    }

    [Fact]
    public void Parse_InfersVersion201_WhenBootNotificationHasChargingStation()
    {
        var log = new ParseLog();
        var handler = new RecordingHandler(log);
        var parser = new TapRecordParser(new ChargerRegistry(), new PendingCalls(16, TimeSpan.FromMinutes(5)));

        parser.Parse("""{"ts":"2026-03-01T12:00:01Z","cp":"CP-1","dir":"rx","msg":[2,"b1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M","vendorName":"V"}}]}"""u8, ref handler);
        parser.Parse("""{"ts":"2026-03-01T12:00:02Z","cp":"CP-1","dir":"rx","msg":[2,"h2","Heartbeat",{}]}"""u8, ref handler);

        Assert.Equal([OcppVersion.V201, OcppVersion.V201], log.Events.ConvertAll(e => e.Version));
    }

    private static void ParseAll(TapRecordParser parser, byte[][] records, ref CountingHandler handler)
    {
        for (var i = 0; i < records.Length; i++)
        {
            parser.Parse(records[i], ref handler);
        }
    }

    private static byte[][] BuildRecords()
    {
        var records = new List<byte[]>();
        for (var i = 0; i < Rounds; i++)
        {
            var cp = $"CP-{i % Chargers:D3}";
            var ts = DateTimeOffset.FromUnixTimeMilliseconds(1_772_366_400_000 + (i * 1000L)).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var frames = i % Chargers % 2 == 0 ? Block16(i) : Block201(i);
            foreach (var (dir, frame) in frames)
            {
                records.Add(Encoding.UTF8.GetBytes($$$"""{"ts":"{{{ts}}}","cp":"{{{cp}}}","dir":"{{{dir}}}","msg":{{{frame}}}}"""));
            }
        }

        return [.. records];
    }

    private static (string Dir, string Frame)[] Block16(int i) =>
    [
        ("rx", $$$"""[2,"h{{{i}}}","Heartbeat",{}]"""),
        ("rx", $$$"""[2,"s{{{i}}}","StatusNotification",{"connectorId":{{{1 + (i % 2)}}},"errorCode":"OtherError","status":"Faulted","vendorErrorCode":"E-{{{i % 4}}}"}]"""),
        ("rx", $$$"""[2,"st{{{i}}}","StartTransaction",{"connectorId":1,"idTag":"04A1","meterStart":{{{i * 10}}},"timestamp":"2026-03-01T12:00:00Z"}]"""),
        ("tx", $$$"""[3,"st{{{i}}}",{"idTagInfo":{"status":"Accepted"},"transactionId":{{{i}}}}]"""),
        ("rx", $$$"""[2,"m{{{i}}}","MeterValues",{"connectorId":1,"transactionId":{{{i}}},"meterValue":[{"timestamp":"2026-03-01T12:00:00Z","sampledValue":[{"value":"12.5","measurand":"Energy.Active.Import.Register","unit":"kWh"},{"value":"7.2","measurand":"Power.Active.Import","unit":"kW"},{"value":"11000","measurand":"Power.Offered","unit":"W"},{"value":"55","measurand":"SoC","unit":"Percent"},{"value":"41.6","measurand":"Temperature","unit":"Celsius"},{"value":"230","measurand":"Voltage","unit":"V","phase":"L1-N"}]}]}]"""),
        ("rx", $$$"""[2,"sp{{{i}}}","StopTransaction",{"meterStop":{{{(i * 10) + 5}}},"timestamp":"2026-03-01T13:00:00Z","transactionId":{{{i}}},"reason":"EVDisconnected"}]"""),
        ("rx", $$$"""[2,"a{{{i}}}","Authorize",{"idTag":"04A1"}]"""),
        ("tx", $$$"""[3,"a{{{i}}}",{"idTagInfo":{"status":"Blocked"}}]"""),
        ("tx", $$$"""[2,"r{{{i}}}","Reset",{"type":"Soft"}]"""),
        ("rx", $$$"""[3,"r{{{i}}}",{"status":"Accepted"}]"""),
        ("rx", $$$"""[2,"se{{{i}}}","SecurityEventNotification",{"type":"TamperDetectionActivated","timestamp":"2026-03-01T12:00:00Z"}]"""),
        ("rx", $$$"""[2,"f{{{i}}}","FirmwareStatusNotification",{"status":"Installing"}]"""),
        ("tx", $$$"""[2,"u{{{i}}}","UnlockConnector",{"connectorId":1}]"""),
        ("rx", $$$"""[4,"u{{{i}}}","OccurenceConstraintViolation","",{}]"""),
        ("tx", $$$"""[2,"ca{{{i}}}","ChangeAvailability",{"connectorId":0,"type":"Inoperative"}]"""),
        ("rx", $$$"""[3,"ca{{{i}}}",{"status":"Scheduled"}]"""),
        ("rx", $$$"""[2,"d{{{i}}}","DiagnosticsStatusNotification",{"status":"Uploaded"}]"""),
    ];

    private static (string Dir, string Frame)[] Block201(int i) =>
    [
        ("rx", $$$"""[2,"b{{{i}}}","BootNotification",{"reason":"Watchdog","chargingStation":{"model":"M","vendorName":"V"}}]"""),
        ("rx", $$$"""[2,"s{{{i}}}","StatusNotification",{"timestamp":"2026-03-01T12:00:00Z","connectorStatus":"Occupied","evseId":1,"connectorId":1}]"""),
        ("rx", $$$"""[2,"t1{{{i}}}","TransactionEvent",{"eventType":"Started","timestamp":"2026-03-01T12:00:00Z","triggerReason":"CablePluggedIn","seqNo":0,"transactionInfo":{"transactionId":"tx-{{{i}}}","chargingState":"EVConnected"},"evse":{"id":1,"connectorId":1}}]"""),
        ("rx", $$$"""[2,"t2{{{i}}}","TransactionEvent",{"eventType":"Updated","timestamp":"2026-03-01T12:05:00Z","triggerReason":"MeterValuePeriodic","seqNo":1,"offline":true,"transactionInfo":{"transactionId":"tx-{{{i}}}","chargingState":"Charging"},"meterValue":[{"timestamp":"2026-03-01T12:05:00Z","sampledValue":[{"value":1520.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh"}}]}]}]"""),
        ("rx", $$$"""[2,"n{{{i}}}","NotifyEvent",{"generatedAt":"2026-03-01T12:00:00Z","seqNo":0,"eventData":[{"eventId":1,"timestamp":"2026-03-01T12:00:00Z","trigger":"Alerting","actualValue":"true","techCode":"OC-7","eventNotificationType":"HardWiredNotification","component":{"name":"Connector","evse":{"id":1,"connectorId":1}},"variable":{"name":"Problem"}},{"eventId":2,"timestamp":"2026-03-01T12:00:00Z","trigger":"Delta","actualValue":"false","cleared":true,"eventNotificationType":"HardWiredNotification","component":{"name":"ChargingStation"},"variable":{"name":"Problem"}}]}]"""),
        ("rx", $$$"""[2,"m{{{i}}}","MeterValues",{"evseId":1,"meterValue":[{"timestamp":"2026-03-01T12:00:00Z","sampledValue":[{"value":12.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh"}},{"value":7.2,"measurand":"Power.Active.Import","unitOfMeasure":{"unit":"W","multiplier":3}},{"value":80,"measurand":"SoC"}]}]}]"""),
        ("rx", $$$"""[2,"t3{{{i}}}","TransactionEvent",{"eventType":"Ended","timestamp":"2026-03-01T13:00:00Z","triggerReason":"StopAuthorized","seqNo":2,"transactionInfo":{"transactionId":"tx-{{{i}}}","stoppedReason":"Remote"},"evse":{"id":1}}]"""),
        ("tx", $$$"""[2,"q{{{i}}}","RequestStartTransaction",{"idToken":{"idToken":"a","type":"Central"},"remoteStartId":{{{i}}},"evseId":1}]"""),
        ("rx", $$$"""[3,"q{{{i}}}",{"status":"Accepted"}]"""),
        ("rx", $$$"""[2,"a{{{i}}}","Authorize",{"idToken":{"idToken":"04A1","type":"ISO14443"}}]"""),
        ("tx", $$$"""[3,"a{{{i}}}",{"idTokenInfo":{"status":"NotAtThisTime"}}]"""),
        ("tx", $$$"""[2,"r{{{i}}}","Reset",{"type":"OnIdle"}]"""),
        ("rx", $$$"""[3,"r{{{i}}}",{"status":"Scheduled"}]"""),
    ];
}
