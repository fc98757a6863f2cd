namespace Telemetry.Fuzz;

/// <summary>Valid tap records the mutation mode starts from: the common traffic of both OCPP versions and its edge shapes.</summary>
internal static class SeedRecords
{
    public static readonly string[] Records =
    [
        """{"ts":"2026-03-01T12:00:00.000Z","cp":"CP-A","event":"connected","proto":"ocpp1.6"}""",
        """{"ts":"2026-03-01T12:00:00.100Z","cp":"CP-A","dir":"rx","msg":[2,"b1","BootNotification",{"chargePointVendor":"Acme","chargePointModel":"X1","firmwareVersion":"1.2.3"}]}""",
        """{"ts":"2026-03-01T12:00:00.200Z","cp":"CP-A","dir":"tx","msg":[3,"b1",{"status":"Accepted","interval":300,"currentTime":"2026-03-01T12:00:00.200Z"}]}""",
        """{"ts":"2026-03-01T12:00:01Z","cp":"CP-A","dir":"rx","msg":[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"GroundFailure","status":"Faulted","info":"RCD","vendorErrorCode":"E42"}]}""",
        """{"ts":"2026-03-01T12:05:00Z","cp":"CP-A","dir":"rx","msg":[2,"h1","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:05:00.050Z","cp":"CP-A","dir":"tx","msg":[3,"h1",{"currentTime":"2026-03-01T12:05:00.050Z"}]}""",
        """{"ts":"2026-03-01T12:06:00Z","cp":"CP-A","dir":"rx","msg":[2,"t1","StartTransaction",{"connectorId":1,"idTag":"TAG1","meterStart":1000,"timestamp":"2026-03-01T12:06:00Z"}]}""",
        """{"ts":"2026-03-01T12:06:00.100Z","cp":"CP-A","dir":"tx","msg":[3,"t1",{"idTagInfo":{"status":"Accepted"},"transactionId":77}]}""",
        """{"ts":"2026-03-01T12:10:30Z","cp":"CP-A","dir":"rx","msg":[2,"m1","MeterValues",{"connectorId":1,"transactionId":77,"meterValue":[{"timestamp":"2026-03-01T12:10:30Z","sampledValue":[{"value":"1.5","unit":"kWh"},{"value":"7000","measurand":"Power.Active.Import","unit":"W","phase":"L1"}]}]}]}""",
        """{"ts":"2026-03-01T12:20:00Z","cp":"CP-A","dir":"rx","msg":[2,"t2","StopTransaction",{"transactionId":77,"meterStop":9000,"timestamp":"2026-03-01T12:20:00Z","reason":"EVDisconnected"}]}""",
        """{"ts":"2026-03-01T12:21:00Z","cp":"CP-A","dir":"tx","msg":[2,"r1","Reset",{"type":"Soft"}]}""",
        """{"ts":"2026-03-01T12:21:01Z","cp":"CP-A","dir":"rx","msg":[4,"r1","NotSupported","no",{}]}""",
        """{"ts":"2026-03-01T12:30:00+01:00","cp":"CP-B","event":"connected","proto":"ocpp2.0.1"}""",
        """{"ts":"2026-03-01T11:30:01Z","cp":"CP-B","dir":"rx","msg":[2,"9f","StatusNotification",{"timestamp":"2026-03-01T11:30:01Z","connectorStatus":"Occupied","evseId":2,"connectorId":1}]}""",
        """{"ts":"2026-03-01T11:31:00Z","cp":"CP-B","dir":"rx","msg":[2,"te1","TransactionEvent",{"eventType":"Updated","timestamp":"2026-03-01T11:31:00Z","triggerReason":"MeterValuePeriodic","seqNo":3,"offline":false,"transactionInfo":{"transactionId":"tx-1","chargingState":"Charging"},"evse":{"id":2,"connectorId":1},"meterValue":[{"timestamp":"2026-03-01T11:31:00Z","sampledValue":[{"value":12.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"kWh"}}]}]}]}""",
        """{"ts":"2026-03-01T11:32:00Z","cp":"CP-B","dir":"rx","msg":[2,"n1","NotifyEvent",{"generatedAt":"2026-03-01T11:32:00Z","seqNo":0,"tbc":false,"eventData":[{"eventId":5,"timestamp":"2026-03-01T11:32:00Z","trigger":"Delta","actualValue":"Faulted","techCode":"E\u00e9","eventNotificationType":"HardWiredNotification","component":{"name":"Connector","evse":{"id":2,"connectorId":1}},"variable":{"name":"AvailabilityState"}}]}]}""",
        """{"ts":"2026-03-01T11:33:00Z","cp":"CP-B","dir":"rx","msg":[6,"s9","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T11:34:00Z","cp":"CP-B","dir":"tx","msg":[5,"s9","GenericError","",{}]}""",
        """{"ts":"2026-03-01T11:35:00Z","cp":"CP-\u0042","event":"disconnected"}""",
    ];
}
