using System.Globalization;
using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>
/// A small tap capture covering connection records, 1.6 and 2.0.1 frames, a CSMS answer, an
/// unknown action, a CSMS command, a frame that gives two events and one bad line, with the
/// events OCPP says it must give.
/// </summary>
public static class SampleCapture
{
    public const string ChargerA = "CP-A";
    public const string ChargerB = "CP-B";

    public static readonly string[] Lines =
    [
        """{"ts":"2026-03-01T12:00:00.000Z","cp":"CP-A","event":"connected"}""",
        """{"ts":"2026-03-01T12:00:00.250Z","cp":"CP-A","dir":"rx","msg":[2,"b1","BootNotification",{"chargePointVendor":"Acme","chargePointModel":"X1"}]}""",
        """{"ts":"2026-03-01T12:00:00.300Z","cp":"CP-A","dir":"tx","msg":[3,"b1",{"status":"Accepted","interval":300,"currentTime":"2026-03-01T12:00:00.300Z"}]}""",
        """{"ts":"2026-03-01T12:05:00Z","cp":"CP-A","dir":"rx","msg":[2,"h1","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:06:00Z","cp":"CP-A","dir":"rx","msg":[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"GroundFailure","status":"Faulted"}]}""",
        """this line is not JSON""",
        """{"ts":"2026-03-01T12:07:00Z","cp":"CP-A","dir":"rx","msg":[2,"s2","StatusNotification",{"connectorId":0,"errorCode":"NoError","status":"Available"}]}""",
        """{"ts":"2026-03-01T12:08:00+01:00","cp":"CP-B","event":"connected","proto":"ocpp2.0.1"}""",
        """{"ts":"2026-03-01T11:08:01Z","cp":"CP-B","dir":"rx","msg":[2,"9f","StatusNotification",{"timestamp":"2026-03-01T11:08:01Z","connectorStatus":"Occupied","evseId":2,"connectorId":1}]}""",
        """{"ts":"2026-03-01T12:09:00Z","cp":"CP-A","dir":"rx","msg":[2,"d1","DataTransfer",{"vendorId":"Acme","data":"x"}]}""",
        """{"ts":"2026-03-01T12:10:00Z","cp":"CP-A","dir":"tx","msg":[2,"r1","Reset",{"type":"Soft"}]}""",
        """{"ts":"2026-03-01T12:10:30Z","cp":"CP-A","dir":"rx","msg":[2,"m1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-03-01T12:10:30Z","sampledValue":[{"value":"1.5","unit":"kWh"},{"value":"7000","measurand":"Power.Active.Import","unit":"W"}]}]}]}""",
        """{"ts":"2026-03-01T12:11:00Z","cp":"CP-A","event":"disconnected"}""",
    ];

    public static string Text => string.Join('\n', Lines) + "\n";

    public static byte[] Bytes => Encoding.UTF8.GetBytes(Text);

    /// <summary>The one bad line: line 6, starting after the five lines and their newlines.</summary>
    public static Rejection ExpectedRejection
    {
        get
        {
            var offset = 0L;
            for (var i = 0; i < 5; i++)
            {
                offset += Encoding.UTF8.GetByteCount(Lines[i]) + 1;
            }

            return new Rejection(RejectReason.InvalidJson, 6, offset, Lines[5]);
        }
    }

    /// <summary>Expected events; charger ids are given by name and resolved through the run's registry.</summary>
    public static List<TelemetryEvent> ExpectedEvents(ChargerRegistry chargers)
    {
        var a = chargers.Intern(ChargerA.AsSpan());
        var b = chargers.Intern(ChargerB.AsSpan());
        return
        [
            // No proto: the version is unknown until the BootNotification's shape shows 1.6.
            Event(EventKind.Connected, "2026-03-01T12:00:00.000Z", a, OcppVersion.Unknown),
            Event(EventKind.Boot, "2026-03-01T12:00:00.250Z", a, OcppVersion.V16),
            Event(EventKind.BootResult, "2026-03-01T12:00:00.300Z", a, OcppVersion.V16,
                value: 300, detail: (byte)RegistrationStatus.Accepted, origin: EventOrigin.Csms),
            Event(EventKind.Heartbeat, "2026-03-01T12:05:00Z", a, OcppVersion.V16),
            Event(EventKind.Status, "2026-03-01T12:06:00Z", a, OcppVersion.V16,
                port: 1, connector: 1, status: ConnectorStatus.Faulted, error: ErrorCode.GroundFailure),
            Event(EventKind.Status, "2026-03-01T12:07:00Z", a, OcppVersion.V16,
                port: 0, connector: 0, status: ConnectorStatus.Available, error: ErrorCode.NoError),
            Event(EventKind.Connected, "2026-03-01T12:08:00+01:00", b, OcppVersion.V201),
            // 2.0.1: the port is the EVSE, the connector is numbered within it; no errorCode exists.
            Event(EventKind.Status, "2026-03-01T11:08:01Z", b, OcppVersion.V201,
                port: 2, connector: 1, status: ConnectorStatus.Occupied),
            Event(EventKind.Unknown, "2026-03-01T12:09:00Z", a, OcppVersion.V16),
            // A Reset command is told apart from other commands, with its type.
            Event(EventKind.ResetRequested, "2026-03-01T12:10:00Z", a, OcppVersion.V16, detail: (byte)ResetType.Soft, origin: EventOrigin.Csms),
            // One MeterValues frame, one event per measurand: no measurand means Energy.Active.Import.Register.
            Event(EventKind.Meter, "2026-03-01T12:10:30Z", a, OcppVersion.V16, value: 1500, port: 1, connector: 1, detail: (byte)Measurand.EnergyActiveImportRegister),
            Event(EventKind.Meter, "2026-03-01T12:10:30Z", a, OcppVersion.V16, value: 7000, port: 1, connector: 1, detail: (byte)Measurand.PowerActiveImport),
            Event(EventKind.Disconnected, "2026-03-01T12:11:00Z", a, OcppVersion.V16),
        ];
    }

    public static long UnixMs(string rfc3339) =>
        DateTimeOffset.Parse(rfc3339, CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    public static TelemetryEvent Event(
        EventKind kind,
        string timestamp,
        int charger,
        OcppVersion version,
        int value = 0,
        ushort port = 0,
        ushort connector = 0,
        ConnectorStatus status = ConnectorStatus.None,
        ErrorCode error = ErrorCode.None,
        byte detail = 0,
        EventOrigin origin = EventOrigin.Charger) =>
        new()
        {
            Kind = kind,
            TimestampMs = UnixMs(timestamp),
            Charger = charger,
            Version = version,
            Value = value,
            Port = port,
            Connector = connector,
            Status = status,
            Error = error,
            Detail = detail,
            Origin = origin,
        };
}
