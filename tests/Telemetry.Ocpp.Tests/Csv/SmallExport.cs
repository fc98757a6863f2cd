using System.Text;
using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Tests.Csv;

/// <summary>
/// A small export in the kwwhat layout: a boot and its answer, heartbeats, statuses, a CSMS command
/// and the charger's answer to it, a CALLERROR, and one row whose frame is not JSON.
/// </summary>
public static class SmallExport
{
    public const string Header = "timestamp,id,action,msg";

    public static readonly string[] Rows =
    [
        "2026-03-01T12:00:00.000Z,CP-A,BootNotification,\"[2, \"\"b1\"\", \"\"BootNotification\"\", {\"\"chargePointVendor\"\": \"\"Acme\"\", \"\"chargePointModel\"\": \"\"X1\"\"}]\"",
        "2026-03-01T12:00:00.100Z,CP-A,,\"[3, \"\"b1\"\", {\"\"status\"\": \"\"Accepted\"\", \"\"interval\"\": 300, \"\"currentTime\"\": \"\"2026-03-01T12:00:00.100Z\"\"}]\"",
        "2026-03-01T12:05:00.000Z,CP-A,Heartbeat,\"[2, \"\"h1\"\", \"\"Heartbeat\"\", {}]\"",
        "2026-03-01T12:05:00.100Z,CP-A,,\"[3, \"\"h1\"\", {\"\"currentTime\"\": \"\"2026-03-01T12:05:00.100Z\"\"}]\"",
        "2026-03-01T12:06:00.000Z,CP-B,StatusNotification,\"[2, \"\"s1\"\", \"\"StatusNotification\"\", {\"\"connectorId\"\": 1, \"\"status\"\": \"\"Faulted\"\", \"\"errorCode\"\": \"\"GroundFailure\"\"}]\"",
        "2026-03-01T12:06:30.000Z,CP-B,StatusNotification,\"[2, \"\"s2\"\", \"\"StatusNotification\"\", {this is not JSON}]\"",
        "2026-03-01T12:07:00.000Z,CP-A,RemoteStartTransaction,\"[2, \"\"r1\"\", \"\"RemoteStartTransaction\"\", {\"\"connectorId\"\": 1, \"\"idTag\"\": \"\"T1\"\"}]\"",
        "2026-03-01T12:07:00.200Z,CP-A,,\"[3, \"\"r1\"\", {\"\"status\"\": \"\"Accepted\"\"}]\"",
        "2026-03-01T12:08:00.000Z,CP-B,Heartbeat,\"[2, \"\"h2\"\", \"\"Heartbeat\"\", {}]\"",
        "2026-03-01T12:08:00.100Z,CP-B,,\"[4, \"\"h2\"\", \"\"InternalError\"\", \"\"busy, try later\"\", {}]\"",
    ];

    public static string Text => Header + "\n" + string.Join('\n', Rows) + "\n";

    public static byte[] Bytes => Encoding.UTF8.GetBytes(Text);

    /// <summary>The bad row is the 6th data row: line 7, after the header and five rows.</summary>
    public const int BadRowLine = 7;

    public static long BadRowOffset
    {
        get
        {
            var offset = (long)Encoding.UTF8.GetByteCount(Header) + 1;
            for (var i = 0; i < 5; i++)
            {
                offset += Encoding.UTF8.GetByteCount(Rows[i]) + 1;
            }

            return offset;
        }
    }

    /// <summary>Kinds and origins OCPP says the rows give, in order; the answer to a heartbeat gives none.</summary>
    public static readonly (EventKind Kind, EventOrigin Origin)[] ExpectedEvents =
    [
        (EventKind.Boot, EventOrigin.Charger),
        (EventKind.BootResult, EventOrigin.Csms),
        (EventKind.Heartbeat, EventOrigin.Charger),
        (EventKind.Status, EventOrigin.Charger),
        (EventKind.Command, EventOrigin.Csms),
        (EventKind.CommandResult, EventOrigin.Charger),
        (EventKind.Heartbeat, EventOrigin.Charger),
        (EventKind.CallError, EventOrigin.Csms),
    ];
}
