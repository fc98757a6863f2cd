using System.Runtime.InteropServices;

namespace Telemetry.Ocpp.Events;

/// <summary>
/// One normalised OCPP observation (DESIGN §2.2). Blittable and exactly 32 bytes so that batches of
/// events can live in pooled arrays and be copied without allocation.
/// </summary>
/// <remarks>
/// <see cref="Port"/> is the unit that NEVI uptime is reported on: the 1.6 connectorId, or
/// the 2.0.1 evseId. <see cref="Connector"/> is the physical connector (1.6 connectorId, 2.0.1
/// connectorId within the EVSE). Port 0 means the whole charger (1.6 connector 0, 2.0.1 station).
/// What <see cref="Value"/>, <see cref="Value2"/>, <see cref="Detail"/>, <see cref="Reason"/> and
/// <see cref="TextCode"/> hold depends on <see cref="Kind"/>: the table is in
/// schemas/events/telemetry-event-v1.md. Energy is in Wh modulo 2^32 (the low 32 bits of the
/// register): a meter passes 2^31 Wh after years, and the difference of two readings taken in
/// unchecked <see cref="uint"/> arithmetic stays exact below 4.29 GWh.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public struct TelemetryEvent
{
    private const byte VersionMask = 0b0000_0111;
    private const byte CsmsBit = 0b0000_1000;
    private const byte OfflineBit = 0b0001_0000;
    private const byte ClearedBit = 0b0010_0000;

    /// <summary>Event time: when the CSMS saw the frame, Unix milliseconds UTC.</summary>
    public long TimestampMs;

    /// <summary>Interned charge point id, see <see cref="ChargerRegistry"/>.</summary>
    public int Charger;

    /// <summary>Kind-specific number: heartbeat interval (s), meter reading (Wh, W, %, °C), meterStart/meterStop (Wh).</summary>
    public int Value;

    /// <summary>Second kind-specific number: 1.6 transactionId, 2.0.1 seqNo, requestId, eventId.</summary>
    public int Value2;

    public ushort Port;
    public ushort Connector;

    /// <summary>Interned text (vendorErrorCode, techCode, security event type, 2.0.1 transactionId), see <see cref="TextCodeRegistry"/>.</summary>
    public ushort TextCode;

    public EventKind Kind;
    public ConnectorStatus Status;
    public ErrorCode Error;

    /// <summary>Kind-specific code: e.g. <see cref="RegistrationStatus"/> on <see cref="EventKind.BootResult"/>.</summary>
    public byte Detail;

    /// <summary>Second kind-specific code: e.g. <see cref="StopReason"/> on a 2.0.1 <see cref="EventKind.SessionStopped"/>.</summary>
    public byte Reason;

    // Version (3 bits), origin and the two kind-specific flags share one byte so that the struct keeps 32 bytes.
    private byte _flags;

    public OcppVersion Version
    {
        readonly get => (OcppVersion)(_flags & VersionMask);
        set => _flags = (byte)((_flags & ~VersionMask) | ((byte)value & VersionMask));
    }

    public EventOrigin Origin
    {
        readonly get => (_flags & CsmsBit) != 0 ? EventOrigin.Csms : EventOrigin.Charger;
        set => SetFlag(CsmsBit, value == EventOrigin.Csms);
    }

    /// <summary>2.0.1 TransactionEvent <c>offline</c>: the charger queued the message while it had no connection.</summary>
    public bool Offline
    {
        readonly get => (_flags & OfflineBit) != 0;
        set => SetFlag(OfflineBit, value);
    }

    /// <summary>2.0.1 NotifyEvent <c>cleared</c>: the alert's condition has ended.</summary>
    public bool Cleared
    {
        readonly get => (_flags & ClearedBit) != 0;
        set => SetFlag(ClearedBit, value);
    }

    /// <summary>True when the charger sent the frame: proof that its connection is alive.</summary>
    public readonly bool IsFromCharger => Origin == EventOrigin.Charger;

    public static TelemetryEvent Create(EventKind kind, long timestampMs, int charger, OcppVersion version) =>
        new() { Kind = kind, TimestampMs = timestampMs, Charger = charger, Version = version };

    private void SetFlag(byte bit, bool on) => _flags = (byte)(on ? _flags | bit : _flags & ~bit);
}
