using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Frames;

/// <summary>OCPP 1.6 charger → CSMS actions: payloads with the required fields of the 1.6 JSON schemas.</summary>
public partial class OcppFrameParserTests
{
    public static TheoryData<string> StopReasons16 =>
        ["EmergencyStop", "EVDisconnected", "HardReset", "Local", "Other", "PowerLoss", "Reboot", "Remote", "SoftReset", "UnlockCommand", "DeAuthorized"];

    public static TheoryData<string> AuthorizationStatuses16 => ["Accepted", "Blocked", "Expired", "Invalid", "ConcurrentTx"];

    public static TheoryData<string> FirmwareStatuses16 =>
        ["Downloaded", "DownloadFailed", "Downloading", "Idle", "InstallationFailed", "Installing", "Installed"];

    public static TheoryData<string> SignedFirmwareStatuses16 =>
    [
        "Downloaded", "DownloadFailed", "Downloading", "DownloadScheduled", "DownloadPaused", "Idle", "InstallationFailed",
        "Installing", "Installed", "InstallRebooting", "InstallScheduled", "InstallVerificationFailed", "InvalidSignature",
        "SignatureVerified",
    ];

    public static TheoryData<string> DiagnosticsStatuses16 => ["Idle", "Uploaded", "UploadFailed", "Uploading"];

    [Fact]
    public void Parse_GivesBootWithoutReason_ForV16BootNotification()
    {
        var run = new FrameRun();

        var e = run.SingleFromCharger("""[2,"1","BootNotification",{"chargePointVendor":"Acme","chargePointModel":"X1"}]""");

        Assert.Equal(EventKind.Boot, e.Kind);
        Assert.Equal(OcppVersion.V16, e.Version);
        Assert.Equal((byte)BootReason.None, e.Detail);
    }

    [Fact]
    public void Parse_KeepsVendorErrorCodeAsText_ForV16StatusNotification()
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger(
            """[2,"1","StatusNotification",{"connectorId":2,"errorCode":"OtherError","status":"Faulted","info":"door","vendorErrorCode":"E-0042"}]""");

        Assert.Equal(EventKind.Status, e.Kind);
        Assert.Equal(ConnectorStatus.Faulted, e.Status);
        Assert.Equal(ErrorCode.OtherError, e.Error);
        Assert.Equal((ushort)2, e.Port);
        Assert.Equal("E-0042", run.TextOf(e));
    }

    [Fact]
    public void Parse_GivesNoText_WhenStatusNotificationHasNoVendorErrorCode()
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger("""[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]""");

        Assert.Equal(TextCodeRegistry.None, e.TextCode);
    }

    [Fact]
    public void Parse_GivesSessionStartedWithMeterStart_ForStartTransaction()
    {
        var run = new FrameRun();

        var e = run.SingleFromCharger(
            """[2,"1","StartTransaction",{"connectorId":2,"idTag":"04A1B2C3","meterStart":1234567,"timestamp":"2026-03-01T12:00:00Z"}]""");

        Assert.Equal(EventKind.SessionStarted, e.Kind);
        Assert.Equal(OcppVersion.V16, e.Version);
        Assert.Equal((ushort)2, e.Port);
        Assert.Equal((ushort)2, e.Connector);
        Assert.Equal(1234567, e.Value);
        Assert.Equal(EventOrigin.Charger, e.Origin);
    }

    [Fact]
    public void Parse_KeepsLow32BitsOfEnergy_WhenMeterStartExceedsInt32()
    {
        var run = new FrameRun(OcppVersion.V16);
        var meterStart = (1L << 32) + 500;

        var e = run.SingleFromCharger(
            $$$"""[2,"1","StartTransaction",{"connectorId":1,"idTag":"A","meterStart":{{{meterStart}}},"timestamp":"2026-03-01T12:00:00Z"}]""");

        Assert.Equal(500, e.Value);
    }

    [Theory]
    [MemberData(nameof(AuthorizationStatuses16))]
    public void Parse_GivesAuthResultWithTransactionId_ForStartTransactionResult(string status)
    {
        var run = new FrameRun(OcppVersion.V16);
        run.FromCharger("""[2,"st1","StartTransaction",{"connectorId":1,"idTag":"A","meterStart":0,"timestamp":"2026-03-01T12:00:00Z"}]""");

        var e = run.SingleFromCsms($$$"""[3,"st1",{"idTagInfo":{"status":"{{{status}}}","expiryDate":"2027-01-01T00:00:00Z"},"transactionId":98765}]""");

        Assert.Equal(EventKind.AuthResult, e.Kind);
        Assert.Equal(Enum.Parse<AuthorizationStatus>(status), (AuthorizationStatus)e.Detail);
        Assert.Equal(AuthContext.StartTransaction, (AuthContext)e.Reason);
        Assert.Equal(98765, e.Value2);
        Assert.Equal(EventOrigin.Csms, e.Origin);
    }

    [Theory]
    [MemberData(nameof(StopReasons16))]
    public void Parse_GivesSessionStoppedWithReason_ForEveryV16StopReason(string reason)
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger(
            $$$"""[2,"1","StopTransaction",{"meterStop":20500,"timestamp":"2026-03-01T13:00:00Z","transactionId":98765,"reason":"{{{reason}}}"}]""");

        Assert.Equal(EventKind.SessionStopped, e.Kind);
        Assert.Equal(Enum.Parse<StopReason>(reason), (StopReason)e.Detail);
        Assert.Equal(20500, e.Value);
        Assert.Equal(98765, e.Value2);
    }

    [Fact]
    public void Parse_GivesLocalReason_WhenStopTransactionHasNoReason()
    {
        // OCPP 1.6 StopTransaction.req: "reason … When absent, the reason SHOULD be assumed to be Local."
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger("""[2,"1","StopTransaction",{"meterStop":10,"timestamp":"2026-03-01T13:00:00Z","transactionId":5}]""");

        Assert.Equal(StopReason.Local, (StopReason)e.Detail);
    }

    [Fact]
    public void Parse_GivesOneMeterEventPerMeasurandInEngineUnits_ForV16MeterValues()
    {
        var run = new FrameRun(OcppVersion.V16);

        var events = run.FromCharger("""
            [2,"1","MeterValues",{"connectorId":2,"transactionId":77,"meterValue":[{"timestamp":"2026-03-01T12:00:00Z","sampledValue":[
              {"value":"12.5","measurand":"Energy.Active.Import.Register","unit":"kWh","context":"Sample.Periodic"},
              {"value":"7.2","measurand":"Power.Active.Import","unit":"kW"},
              {"value":"11000","measurand":"Power.Offered","unit":"W"},
              {"value":"55","measurand":"SoC","unit":"Percent","location":"EV"},
              {"value":"41.6","measurand":"Temperature","unit":"Celsius","location":"Body"},
              {"value":"230.1","measurand":"Voltage","unit":"V","phase":"L1-N"}]}]}]
            """);

        Assert.Equal(
            [(Measurand.EnergyActiveImportRegister, 12_500), (Measurand.PowerActiveImport, 7_200), (Measurand.PowerOffered, 11_000), (Measurand.SoC, 55), (Measurand.Temperature, 42)],
            events.ConvertAll(e => ((Measurand)e.Detail, e.Value)));
        Assert.All(events, e => Assert.Equal(EventKind.Meter, e.Kind));
        Assert.All(events, e => Assert.Equal((ushort)2, e.Port));
        Assert.All(events, e => Assert.Equal((ushort)2, e.Connector));
        Assert.All(events, e => Assert.Equal(77, e.Value2));
    }

    [Fact]
    public void Parse_ReadsEnergyInWh_WhenSampledValueHasNoMeasurandOrUnit()
    {
        // 1.6 SampledValue: measurand defaults to Energy.Active.Import.Register, unit to Wh.
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger("""[2,"1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-03-01T12:00:00Z","sampledValue":[{"value":"4321"}]}]}]""");

        Assert.Equal(Measurand.EnergyActiveImportRegister, (Measurand)e.Detail);
        Assert.Equal(4321, e.Value);
    }

    [Fact]
    public void Parse_SumsPhasesAndTakesLatestEntry_ForPhasedPowerInTwoEntries()
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger("""
            [2,"1","MeterValues",{"connectorId":1,"meterValue":[
              {"timestamp":"2026-03-01T12:00:00Z","sampledValue":[{"value":"1000","measurand":"Power.Active.Import","unit":"W","phase":"L1"}]},
              {"timestamp":"2026-03-01T12:01:00Z","sampledValue":[
                {"value":"2.3","measurand":"Power.Active.Import","unit":"kW","phase":"L1"},
                {"value":"2.3","measurand":"Power.Active.Import","unit":"kW","phase":"L2"},
                {"value":"2.3","measurand":"Power.Active.Import","unit":"kW","phase":"L3"},
                {"value":"9","measurand":"Power.Active.Import","unit":"kW","phase":"N"}]}]}]
            """);

        Assert.Equal(6_900, e.Value);
    }

    [Theory]
    [InlineData("300.15", "K", 27)]
    [InlineData("212", "Fahrenheit", 100)]
    [InlineData("35", "Celcius", 35)]
    public void Parse_GivesCelsius_ForTemperatureInEveryV16Unit(string value, string unit, int celsius)
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger(
            $$$"""[2,"1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-03-01T12:00:00Z","sampledValue":[{"value":"{{{value}}}","measurand":"Temperature","unit":"{{{unit}}}"}]}]}]""");

        Assert.Equal(celsius, e.Value);
    }

    [Fact]
    public void Parse_GivesOneMeterEventWithoutMeasurand_WhenNoKeptMeasurandIsSampled()
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger(
            """[2,"1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-03-01T12:00:00Z","sampledValue":[{"value":"16","measurand":"Current.Import","unit":"A"},{"value":"abc","format":"SignedData"}]}]}]""");

        Assert.Equal(EventKind.Meter, e.Kind);
        Assert.Equal(Measurand.None, (Measurand)e.Detail);
    }

    [Fact]
    public void Parse_GivesAuthRequested_ForV16Authorize()
    {
        var run = new FrameRun();

        var e = run.SingleFromCharger("""[2,"a1","Authorize",{"idTag":"04A1B2C3"}]""");

        Assert.Equal(EventKind.AuthRequested, e.Kind);
        Assert.Equal(OcppVersion.V16, e.Version);
    }

    [Theory]
    [MemberData(nameof(AuthorizationStatuses16))]
    public void Parse_GivesAuthResult_ForEveryV16AuthorizeStatus(string status)
    {
        var run = new FrameRun(OcppVersion.V16);
        run.FromCharger("""[2,"a1","Authorize",{"idTag":"04A1B2C3"}]""");

        var e = run.SingleFromCsms($$$"""[3,"a1",{"idTagInfo":{"status":"{{{status}}}"}}]""");

        Assert.Equal(EventKind.AuthResult, e.Kind);
        Assert.Equal(Enum.Parse<AuthorizationStatus>(status), (AuthorizationStatus)e.Detail);
        Assert.Equal(AuthContext.Authorize, (AuthContext)e.Reason);
    }

    [Fact]
    public void Parse_GivesUnknown_ForDataTransfer()
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger("""[2,"1","DataTransfer",{"vendorId":"com.acme","messageId":"x","data":"{\"a\":1}"}]""");

        Assert.Equal(EventKind.Unknown, e.Kind);
    }

    [Theory]
    [MemberData(nameof(DiagnosticsStatuses16))]
    public void Parse_GivesDiagnosticsStatus_ForEveryV16DiagnosticsStatus(string status)
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger($$$"""[2,"1","DiagnosticsStatusNotification",{"status":"{{{status}}}"}]""");

        Assert.Equal(EventKind.Diagnostics, e.Kind);
        Assert.Equal(Enum.Parse<DiagnosticsStatus>(status), (DiagnosticsStatus)e.Detail);
    }

    [Theory]
    [MemberData(nameof(FirmwareStatuses16))]
    public void Parse_GivesFirmwareStatus_ForEveryV16FirmwareStatus(string status)
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger($$$"""[2,"1","FirmwareStatusNotification",{"status":"{{{status}}}"}]""");

        Assert.Equal(EventKind.Firmware, e.Kind);
        Assert.Equal(Enum.Parse<FirmwareStatus>(status), (FirmwareStatus)e.Detail);
    }

    [Theory]
    [MemberData(nameof(SignedFirmwareStatuses16))]
    public void Parse_GivesFirmwareStatusAndRequestId_ForEverySignedFirmwareStatus(string status)
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger($$$"""[2,"1","SignedFirmwareStatusNotification",{"status":"{{{status}}}","requestId":314}]""");

        Assert.Equal(EventKind.Firmware, e.Kind);
        Assert.Equal(Enum.Parse<FirmwareStatus>(status), (FirmwareStatus)e.Detail);
        Assert.Equal(314, e.Value2);
    }

    [Fact]
    public void Parse_KeepsTypeAsText_ForV16SecurityEventNotification()
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger("""[2,"1","SecurityEventNotification",{"type":"TamperDetectionActivated","timestamp":"2026-03-01T12:00:00Z","techInfo":"lid"}]""");

        Assert.Equal(EventKind.SecurityEvent, e.Kind);
        Assert.Equal("TamperDetectionActivated", run.TextOf(e));
    }

    [Fact]
    public void Parse_GivesSameTextCode_ForRepeatedSecurityEventType()
    {
        var run = new FrameRun(OcppVersion.V16);

        var first = run.SingleFromCharger("""[2,"1","SecurityEventNotification",{"type":"SettingSystemTime","timestamp":"2026-03-01T12:00:00Z"}]""");
        var second = run.SingleFromCharger("""[2,"2","SecurityEventNotification",{"type":"SettingSystemTime","timestamp":"2026-03-01T12:01:00Z"}]""");

        Assert.Equal(first.TextCode, second.TextCode);
        Assert.Equal(1, run.Texts.Count);
    }
}
