using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Frames;

/// <summary>OCPP 2.0.1 (and 2.1, which shares these payloads) charger → CSMS actions: required fields of the 2.0.1 JSON schemas.</summary>
public partial class OcppFrameParserTests
{
    public static TheoryData<string> BootReasons201 =>
        ["ApplicationReset", "FirmwareUpdate", "LocalReset", "PowerUp", "RemoteReset", "ScheduledReset", "Triggered", "Unknown", "Watchdog"];

    public static TheoryData<string> StopReasons201 =>
    [
        "DeAuthorized", "EmergencyStop", "EnergyLimitReached", "EVDisconnected", "GroundFault", "ImmediateReset", "Local",
        "LocalOutOfCredit", "MasterPass", "Other", "OvercurrentFault", "PowerLoss", "PowerQuality", "Reboot", "Remote",
        "SOCLimitReached", "StoppedByEV", "TimeLimitReached", "Timeout",
    ];

    public static TheoryData<string> TriggerReasons201 =>
    [
        "Authorized", "CablePluggedIn", "ChargingRateChanged", "ChargingStateChanged", "Deauthorized", "EnergyLimitReached",
        "EVCommunicationLost", "EVConnectTimeout", "MeterValueClock", "MeterValuePeriodic", "TimeLimitReached", "Trigger",
        "UnlockCommand", "StopAuthorized", "EVDeparted", "EVDetected", "RemoteStop", "RemoteStart", "AbnormalCondition",
        "SignedDataReceived", "ResetCommand",
    ];

    public static TheoryData<string> AuthorizationStatuses201 =>
        ["Accepted", "Blocked", "ConcurrentTx", "Expired", "Invalid", "NoCredit", "NotAllowedTypeEVSE", "NotAtThisLocation", "NotAtThisTime", "Unknown"];

    [Theory]
    [MemberData(nameof(BootReasons201))]
    public void Parse_GivesBootWithReason_ForEveryV201BootReason(string reason)
    {
        var run = new FrameRun();

        var e = run.SingleFromCharger($$$"""[2,"1","BootNotification",{"reason":"{{{reason}}}","chargingStation":{"model":"M","vendorName":"V"}}]""");

        Assert.Equal(EventKind.Boot, e.Kind);
        Assert.Equal(OcppVersion.V201, e.Version);
        Assert.Equal(Enum.Parse<BootReason>(reason), (BootReason)e.Detail);
    }

    [Fact]
    public void Parse_GivesSessionStartedWithAllFields_ForTransactionEventStarted()
    {
        var run = new FrameRun(OcppVersion.V201);

        var e = run.SingleFromCharger("""
            [2,"1","TransactionEvent",{"eventType":"Started","timestamp":"2026-03-01T12:00:00Z","triggerReason":"CablePluggedIn","seqNo":0,
              "transactionInfo":{"transactionId":"f3a1-77","chargingState":"EVConnected"},"evse":{"id":2,"connectorId":1},
              "idToken":{"idToken":"04A1","type":"ISO14443"},
              "meterValue":[{"timestamp":"2026-03-01T12:00:00Z","sampledValue":[{"value":1520.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh"}}]}]}]
            """);

        Assert.Equal(EventKind.SessionStarted, e.Kind);
        Assert.Equal(OcppVersion.V201, e.Version);
        Assert.Equal(TriggerReason.CablePluggedIn, (TriggerReason)e.Detail);
        Assert.Equal((byte)StopReason.None, e.Reason);
        Assert.Equal(ConnectorStatus.Occupied, e.Status);
        Assert.Equal(0, e.Value2);
        Assert.Equal((ushort)2, e.Port);
        Assert.Equal((ushort)1, e.Connector);
        Assert.Equal(1_520_500, e.Value);
        Assert.False(e.Offline);
        Assert.Equal("f3a1-77", run.TextOf(e));
    }

    [Fact]
    public void Parse_GivesMeterEventsForPowerReadings_ForTransactionEventWithMeterValues()
    {
        var run = new FrameRun(OcppVersion.V201);

        var events = run.FromCharger("""
            [2,"1","TransactionEvent",{"eventType":"Updated","timestamp":"2026-03-01T12:05:00Z","triggerReason":"MeterValuePeriodic","seqNo":3,
              "transactionInfo":{"transactionId":"tx-9","chargingState":"Charging"},"evse":{"id":2,"connectorId":1},
              "meterValue":[{"timestamp":"2026-03-01T12:05:00Z","sampledValue":[
                {"value":12.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh"}},
                {"value":48.2,"measurand":"Power.Active.Import","unitOfMeasure":{"unit":"kW"}},
                {"value":50,"measurand":"Power.Offered","unitOfMeasure":{"unit":"kW"}},
                {"value":41,"measurand":"Temperature"}]}]}]
            """);

        Assert.Equal([EventKind.SessionUpdated, EventKind.Meter, EventKind.Meter, EventKind.Meter], events.Select(e => e.Kind));
        Assert.Equal(12_500, events[0].Value);
        var meters = events.Skip(1).ToDictionary(e => (Measurand)e.Detail);
        Assert.Equal(48_200, meters[Measurand.PowerActiveImport].Value);
        Assert.Equal(50_000, meters[Measurand.PowerOffered].Value);
        Assert.Equal(41, meters[Measurand.Temperature].Value);
        Assert.All(meters.Values, m =>
        {
            Assert.Equal((ushort)2, m.Port);
            Assert.Equal("tx-9", run.TextOf(m));
            Assert.Equal(OcppVersion.V201, m.Version);
        });
    }

    [Fact]
    public void Parse_GivesOfflineSessionUpdated_ForTransactionEventUpdatedSentOffline()
    {
        var run = new FrameRun(OcppVersion.V201);

        var e = run.SingleFromCharger("""
            [2,"1","TransactionEvent",{"eventType":"Updated","timestamp":"2026-03-01T12:10:00Z","triggerReason":"ChargingStateChanged","seqNo":4,"offline":true,
              "transactionInfo":{"transactionId":"f3a1-77","chargingState":"Charging"},"evse":{"id":1}}]
            """);

        Assert.Equal(EventKind.SessionUpdated, e.Kind);
        Assert.True(e.Offline);
        Assert.Equal(4, e.Value2);
        Assert.Equal(ConnectorStatus.Charging, e.Status);
        Assert.Equal((ushort)1, e.Port);
    }

    [Theory]
    [MemberData(nameof(StopReasons201))]
    public void Parse_GivesSessionStoppedWithReason_ForEveryV201StoppedReason(string reason)
    {
        var run = new FrameRun(OcppVersion.V201);

        var e = run.SingleFromCharger($$$"""
            [2,"1","TransactionEvent",{"eventType":"Ended","timestamp":"2026-03-01T13:00:00Z","triggerReason":"StopAuthorized","seqNo":9,
              "transactionInfo":{"transactionId":"t-9","stoppedReason":"{{{reason}}}"}}]
            """);

        Assert.Equal(EventKind.SessionStopped, e.Kind);
        Assert.Equal(Enum.Parse<StopReason>(reason), (StopReason)e.Reason);
        Assert.Equal(TriggerReason.StopAuthorized, (TriggerReason)e.Detail);
        Assert.Equal(9, e.Value2);
    }

    [Fact]
    public void Parse_GivesLocalReason_WhenTransactionEventEndedHasNoStoppedReason()
    {
        // 2.0.1 TransactionType.stoppedReason: may only be omitted when the reason is Local.
        var run = new FrameRun(OcppVersion.V201);

        var e = run.SingleFromCharger("""
            [2,"1","TransactionEvent",{"eventType":"Ended","timestamp":"2026-03-01T13:00:00Z","triggerReason":"EVDeparted","seqNo":3,"transactionInfo":{"transactionId":"t-3"}}]
            """);

        Assert.Equal(StopReason.Local, (StopReason)e.Reason);
    }

    [Theory]
    [MemberData(nameof(TriggerReasons201))]
    public void Parse_GivesTriggerReason_ForEveryV201TriggerReason(string trigger)
    {
        var run = new FrameRun(OcppVersion.V201);

        var e = run.SingleFromCharger($$$"""
            [2,"1","TransactionEvent",{"eventType":"Updated","timestamp":"2026-03-01T12:00:00Z","triggerReason":"{{{trigger}}}","seqNo":1,"transactionInfo":{"transactionId":"t"}}]
            """);

        Assert.Equal(Enum.Parse<TriggerReason>(trigger), (TriggerReason)e.Detail);
    }

    [Theory]
    [InlineData("Charging", ConnectorStatus.Charging)]
    [InlineData("EVConnected", ConnectorStatus.Occupied)]
    [InlineData("SuspendedEV", ConnectorStatus.SuspendedEV)]
    [InlineData("SuspendedEVSE", ConnectorStatus.SuspendedEVSE)]
    [InlineData("Idle", ConnectorStatus.Available)]
    public void Parse_GivesConnectorStatus_ForEveryChargingState(string chargingState, ConnectorStatus expected)
    {
        var run = new FrameRun(OcppVersion.V201);

        var e = run.SingleFromCharger($$$"""
            [2,"1","TransactionEvent",{"eventType":"Updated","timestamp":"2026-03-01T12:00:00Z","triggerReason":"ChargingStateChanged","seqNo":1,"transactionInfo":{"transactionId":"t","chargingState":"{{{chargingState}}}"}}]
            """);

        Assert.Equal(expected, e.Status);
    }

    [Fact]
    public void Parse_GivesOneAlertPerItem_ForNotifyEvent()
    {
        var run = new FrameRun();

        var events = run.FromCharger("""
            [2,"1","NotifyEvent",{"generatedAt":"2026-03-01T12:00:00Z","seqNo":0,"tbc":false,"eventData":[
              {"eventId":11,"timestamp":"2026-03-01T11:59:59Z","trigger":"Alerting","actualValue":"true","techCode":"OC-7","techInfo":"phase 2",
               "eventNotificationType":"HardWiredNotification","variableMonitoringId":4,
               "component":{"name":"Connector","evse":{"id":2,"connectorId":1}},"variable":{"name":"Problem"}},
              {"eventId":12,"timestamp":"2026-03-01T12:00:00Z","trigger":"Delta","actualValue":"false","cleared":true,"cause":11,
               "eventNotificationType":"HardWiredNotification","component":{"name":"ChargingStation"},"variable":{"name":"Problem"}}]}]
            """);

        Assert.Equal(2, events.Count);
        var first = events[0];
        Assert.Equal(EventKind.Alert, first.Kind);
        Assert.Equal(OcppVersion.V201, first.Version);
        Assert.Equal(AlertTrigger.Alerting, (AlertTrigger)first.Detail);
        Assert.Equal(11, first.Value);
        Assert.Equal(-1, first.Value2);
        Assert.False(first.Cleared);
        Assert.Equal((ushort)2, first.Port);
        Assert.Equal((ushort)1, first.Connector);
        Assert.Equal("Connector/Problem/OC-7", run.TextOf(first));
        var second = events[1];
        Assert.Equal(AlertTrigger.Delta, (AlertTrigger)second.Detail);
        Assert.Equal(12, second.Value);
        Assert.Equal(11, second.Value2);
        Assert.True(second.Cleared);
        Assert.Equal((ushort)0, second.Port);
        Assert.Equal("ChargingStation/Problem", run.TextOf(second));
    }

    [Theory]
    [InlineData("Alerting")]
    [InlineData("Delta")]
    [InlineData("Periodic")]
    public void Parse_GivesAlertTrigger_ForEveryEventTrigger(string trigger)
    {
        var run = new FrameRun(OcppVersion.V201);

        var e = run.SingleFromCharger($$$"""
            [2,"1","NotifyEvent",{"generatedAt":"2026-03-01T12:00:00Z","seqNo":0,"eventData":[{"eventId":1,"timestamp":"2026-03-01T12:00:00Z","trigger":"{{{trigger}}}",
              "actualValue":"80","eventNotificationType":"PreconfiguredMonitor","component":{"name":"EVSE","evse":{"id":1}},"variable":{"name":"Temperature"}}]}]
            """);

        Assert.Equal(Enum.Parse<AlertTrigger>(trigger), (AlertTrigger)e.Detail);
    }

    [Theory]
    [MemberData(nameof(SignedFirmwareStatuses16))]
    public void Parse_GivesFirmwareStatus_ForEveryV201FirmwareStatus(string status)
    {
        // 2.0.1 FirmwareStatusEnumType has the same values as the 1.6 security extension's.
        var run = new FrameRun(OcppVersion.V201);

        var e = run.SingleFromCharger($$$"""[2,"1","FirmwareStatusNotification",{"status":"{{{status}}}","requestId":8}]""");

        Assert.Equal(Enum.Parse<FirmwareStatus>(status), (FirmwareStatus)e.Detail);
        Assert.Equal(8, e.Value2);
    }

    [Fact]
    public void Parse_KeepsTypeAsText_ForV201SecurityEventNotification()
    {
        var run = new FrameRun(OcppVersion.V201);

        var e = run.SingleFromCharger("""[2,"1","SecurityEventNotification",{"type":"FirmwareUpdated","timestamp":"2026-03-01T12:00:00Z"}]""");

        Assert.Equal(EventKind.SecurityEvent, e.Kind);
        Assert.Equal("FirmwareUpdated", run.TextOf(e));
    }

    [Theory]
    [MemberData(nameof(AuthorizationStatuses201))]
    public void Parse_GivesAuthResult_ForEveryV201AuthorizeStatus(string status)
    {
        var run = new FrameRun();
        Assert.Equal(EventKind.AuthRequested, run.SingleFromCharger("""[2,"a1","Authorize",{"idToken":{"idToken":"04A1","type":"ISO14443"}}]""").Kind);

        var e = run.SingleFromCsms($$$"""[3,"a1",{"idTokenInfo":{"status":"{{{status}}}"}}]""");

        Assert.Equal(OcppVersion.V201, e.Version);
        Assert.Equal(Enum.Parse<AuthorizationStatus>(status), (AuthorizationStatus)e.Detail);
        Assert.Equal(AuthContext.Authorize, (AuthContext)e.Reason);
    }

    [Fact]
    public void Parse_ScalesByMultiplier_ForV201MeterValues()
    {
        var run = new FrameRun();

        var events = run.FromCharger("""
            [2,"1","MeterValues",{"evseId":3,"meterValue":[{"timestamp":"2026-03-01T12:00:00Z","sampledValue":[
              {"value":12.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh","multiplier":0}},
              {"value":7.2,"measurand":"Power.Active.Import","unitOfMeasure":{"unit":"W","multiplier":3}},
              {"value":80,"measurand":"SoC"}]}]}]
            """);

        Assert.Equal(
            [(Measurand.EnergyActiveImportRegister, 12_500), (Measurand.PowerActiveImport, 7_200), (Measurand.SoC, 80)],
            events.ConvertAll(e => ((Measurand)e.Detail, e.Value)));
        Assert.All(events, e => Assert.Equal((ushort)3, e.Port));
        Assert.All(events, e => Assert.Equal(OcppVersion.V201, e.Version));
    }

    [Fact]
    public void Parse_GivesSessionEventOfVersion21_ForTransactionEventOnV21Connection()
    {
        var run = new FrameRun(OcppVersion.V21);

        var e = run.SingleFromCharger("""
            [2,"1","TransactionEvent",{"eventType":"Ended","timestamp":"2026-03-01T13:00:00Z","triggerReason":"EVCommunicationLost","seqNo":2,
              "transactionInfo":{"transactionId":"x","stoppedReason":"EVDisconnected"},"evse":{"id":1,"connectorId":1}}]
            """);

        Assert.Equal(OcppVersion.V21, e.Version);
        Assert.Equal(StopReason.EVDisconnected, (StopReason)e.Reason);
    }

    [Fact]
    public void Parse_KeepsBufferCapacityAndCountsTheRest_WhenNotifyEventHasMoreItems()
    {
        var run = new FrameRun(OcppVersion.V201);
        var items = string.Join(',', Enumerable.Range(1, EventBuffer.Capacity + 8).Select(i =>
            $$$"""{"eventId":{{{i}}},"timestamp":"2026-03-01T12:00:00Z","trigger":"Periodic","actualValue":"1","eventNotificationType":"CustomMonitor","component":{"name":"EVSE"},"variable":{"name":"Power"}}"""));

        var events = run.FromCharger($$$"""[2,"1","NotifyEvent",{"generatedAt":"2026-03-01T12:00:00Z","seqNo":0,"eventData":[{{{items}}}]}]""");

        Assert.Equal(EventBuffer.Capacity, events.Count);
        Assert.Equal(Enumerable.Range(1, EventBuffer.Capacity), events.Select(e => e.Value));
        Assert.Equal(8, run.DroppedEvents);
    }
}
