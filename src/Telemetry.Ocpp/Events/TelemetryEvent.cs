using System.Runtime.InteropServices;

namespace Telemetry.Ocpp.Events;

/// <summary>
/// One normalised OCPP observation (DESIGN §2.2). Blittable and at most 32 bytes so that batches of
/// events can live in pooled arrays and be copied without allocation.
/// </summary>
/// <remarks>
/// <see cref="Port"/> is the unit that NEVI uptime is reported on: the 1.6 connectorId, or
/// the 2.0.1 evseId. <see cref="Connector"/> is the physical connector (1.6 connectorId, 2.0.1
/// connectorId within the EVSE). Port 0 means the whole charger (1.6 connector 0, 2.0.1 station).
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct TelemetryEvent
{
    /// <summary>Event time: when the CSMS saw the frame, Unix milliseconds UTC.</summary>
    public long TimestampMs;

    /// <summary>Interned charge point id, see <see cref="ChargerRegistry"/>.</summary>
    public int Charger;

    /// <summary>Kind-specific number: heartbeat interval in seconds for <see cref="EventKind.BootResult"/>.</summary>
    public int Value;

    public ushort Port;
    public ushort Connector;
    public EventKind Kind;
    public ConnectorStatus Status;
    public ErrorCode Error;
    public OcppVersion Version;

    /// <summary>Kind-specific code: the registration status for <see cref="EventKind.BootResult"/>.</summary>
    public byte Detail;

    public EventOrigin Origin;

    /// <summary>True when the charger sent the frame: proof that its connection is alive.</summary>
    public readonly bool IsFromCharger => Origin == EventOrigin.Charger;

    public static TelemetryEvent Create(EventKind kind, long timestampMs, int charger, OcppVersion version) =>
        new() { Kind = kind, TimestampMs = timestampMs, Charger = charger, Version = version };
}
