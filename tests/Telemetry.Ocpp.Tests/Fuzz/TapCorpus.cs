namespace Telemetry.Ocpp.Tests.Fuzz;

/// <summary>
/// Valid tap records written by hand: connection records, OCPP 1.6 and 2.0.1 CALLs from both
/// sides, their CALLRESULTs and CALLERRORs, and 2.1 SEND/CALLRESULTERROR. Ids are reused so
/// that, in order, results meet their CALLs.
/// </summary>
public static class TapCorpus
{
    public static readonly string[] Records =
    [
        """{"ts":"2026-03-01T12:00:00.000Z","cp":"CP-A","event":"connected","proto":"ocpp1.6"}""",
        """{"ts":"2026-03-01T12:00:00.100Z","cp":"CP-A","dir":"rx","msg":[2,"b1","BootNotification",{"chargePointVendor":"Acme","chargePointModel":"X1","firmwareVersion":"1.2.3"}]}""",
        """{"ts":"2026-03-01T12:00:00.200Z","cp":"CP-A","dir":"tx","msg":[3,"b1",{"status":"Accepted","interval":300,"currentTime":"2026-03-01T12:00:00.200Z"}]}""",
        """{"ts":"2026-03-01T12:00:01Z","cp":"CP-A","dir":"rx","msg":[2,"s1","StatusNotification",{"connectorId":0,"errorCode":"NoError","status":"Available"}]}""",
        """{"ts":"2026-03-01T12:00:01.5Z","cp":"CP-A","dir":"tx","msg":[3,"s1",{}]}""",
        """{"ts":"2026-03-01T12:00:02Z","cp":"CP-A","dir":"rx","msg":[2,"s2","StatusNotification",{"connectorId":1,"errorCode":"GroundFailure","status":"Faulted","info":"RCD","vendorErrorCode":"E42"}]}""",
        """{"ts":"2026-03-01T12:00:03Z","cp":"CP-A","dir":"rx","msg":[2,"s3","StatusNotification",{"connectorId":"2","errorCode":"NoError","status":"Charging","timestamp":"2026-03-01T12:00:03Z"}]}""",
        """{"ts":"2026-03-01T12:05:00Z","cp":"CP-A","dir":"rx","msg":[2,"h1","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:05:00.050Z","cp":"CP-A","dir":"tx","msg":[3,"h1",{"currentTime":"2026-03-01T12:05:00.050Z"}]}""",
        """{"ts":"2026-03-01T12:06:00Z","cp":"CP-A","dir":"rx","msg":[2,"a1","Authorize",{"idTag":"TAG-0001"}]}""",
        """{"ts":"2026-03-01T12:06:00.100Z","cp":"CP-A","dir":"tx","msg":[3,"a1",{"idTagInfo":{"status":"Accepted","expiryDate":"2026-12-31T00:00:00Z"}}]}""",
        """{"ts":"2026-03-01T12:06:05Z","cp":"CP-A","dir":"rx","msg":[2,"t1","StartTransaction",{"connectorId":1,"idTag":"TAG-0001","meterStart":12345,"timestamp":"2026-03-01T12:06:05Z"}]}""",
        """{"ts":"2026-03-01T12:06:06Z","cp":"CP-A","dir":"rx","msg":[2,"m1","MeterValues",{"connectorId":1,"transactionId":77,"meterValue":[{"timestamp":"2026-03-01T12:06:06Z","sampledValue":[{"value":"12.5","measurand":"Power.Active.Import","unit":"kW"}]}]}]}""",
        """{"ts":"2026-03-01T12:07:00Z","cp":"CP-A","dir":"tx","msg":[2,"r1","RemoteStopTransaction",{"transactionId":77}]}""",
        """{"ts":"2026-03-01T12:07:00.300Z","cp":"CP-A","dir":"rx","msg":[3,"r1",{"status":"Accepted"}]}""",
        """{"ts":"2026-03-01T12:08:00Z","cp":"CP-A","dir":"tx","msg":[2,"x1","Reset",{"type":"Hard"}]}""",
        """{"ts":"2026-03-01T12:08:00.200Z","cp":"CP-A","dir":"rx","msg":[4,"x1","NotSupported","Reset is not supported",{}]}""",
        """{"ts":"2026-03-01T12:09:00Z","cp":"CP-A","dir":"rx","msg":[2,"d1","DataTransfer",{"vendorId":"Acme","messageId":"diag","data":"{\"t\":41.5,\"msg\":\"ok\\n\"}"}]}""",
        """{"ts":"2026-03-01T12:10:00Z","cp":"CP-A","event":"disconnected"}""",
        """{"ts":"2026-03-01T13:00:00+01:00","cp":"Ladesäule-7","event":"connected","proto":"ocpp2.0.1"}""",
        """{"ts":"2026-03-01T12:00:10Z","cp":"Ladesäule-7","dir":"rx","msg":[2,"9b2f","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"M2","vendorName":"V"}}]}""",
        """{"ts":"2026-03-01T12:00:10.400Z","cp":"Ladesäule-7","dir":"tx","msg":[3,"9b2f",{"currentTime":"2026-03-01T12:00:10Z","interval":60,"status":"Pending"}]}""",
        """{"ts":"2026-03-01T12:00:11Z","cp":"Ladesäule-7","dir":"rx","msg":[2,"9b30","StatusNotification",{"timestamp":"2026-03-01T12:00:11Z","connectorStatus":"Occupied","evseId":1,"connectorId":1}]}""",
        """{"ts":"2026-03-01T12:00:12Z","cp":"Ladesäule-7","dir":"rx","msg":[2,"9b31","StatusNotification",{"timestamp":"2026-03-01T12:00:12Z","connectorStatus":"Unavailable","evseId":2,"connectorId":1}]}""",
        """{"ts":"2026-03-01T12:00:13Z","cp":"Ladesäule-7","dir":"rx","msg":[2,"9b32","TransactionEvent",{"eventType":"Started","timestamp":"2026-03-01T12:00:13Z","triggerReason":"Authorized","seqNo":0,"transactionInfo":{"transactionId":"tx-1"},"evse":{"id":1,"connectorId":1}}]}""",
        """{"ts":"2026-03-01T12:00:14Z","cp":"Ladesäule-7","dir":"tx","msg":[2,"c1","RequestStopTransaction",{"transactionId":"tx-1"}]}""",
        """{"ts":"2026-03-01T12:00:14.100Z","cp":"Ladesäule-7","dir":"rx","msg":[3,"c1",{"status":"Accepted"}]}""",
        """{"ts":"2026-03-01T12:00:15Z","cp":"Ladesäule-7","dir":"rx","msg":[2,"9b33","NotifyEvent",{"generatedAt":"2026-03-01T12:00:15Z","seqNo":0,"eventData":[{"eventId":1,"timestamp":"2026-03-01T12:00:15Z","trigger":"Alerting","actualValue":"true","eventNotificationType":"HardWiredNotification","component":{"name":"EVSE"},"variable":{"name":"Problem"}}]}]}""",
        """{"ts":"2026-03-01T12:00:16Z","cp":"Ladesäule-7","dir":"rx","msg":[6,"9b34","NotifyPeriodicEventStream",{"id":1,"pending":0,"basetime":"2026-03-01T12:00:16Z","data":[{"t":0,"v":"1.5"}]}]}""",
        """{"ts":"2026-03-01T12:00:17Z","cp":"Ladesäule-7","dir":"tx","msg":[2,"c2","GetVariables",{"getVariableData":[{"component":{"name":"OCPPCommCtrlr"},"variable":{"name":"HeartbeatInterval"}}]}]}""",
        """{"ts":"2026-03-01T12:00:17.500Z","cp":"Ladesäule-7","dir":"rx","msg":[5,"c2","InternalError","",{"detail":"busy"}]}""",
        """{"note":"vendor field first","msg":[2,"h7","Heartbeat",{}],"dir":"rx","cp":"CP-\u0042","ts":"2026-03-01T12:30:00Z"}""",
        """  {"ts":"2026-03-01T12:31:00Z","cp":"CP-A","dir":"rx","msg":[2,"h8","Heartbeat",{}]}  """,
    ];
}
