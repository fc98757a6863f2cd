using System.Runtime.InteropServices;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Power;

/// <summary>Per-port state of the derating detector: the session in progress and its derated stretch.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct DeratingPortState
{
    public ushort Port;
    public bool InSession;

    /// <summary>The session reported Power.Offered: that measurand alone is judged from then on.</summary>
    public bool SawOffered;

    /// <summary>A HighTemperature error or a temperature alert came during the session.</summary>
    public bool Thermal;

    /// <summary>Power is at or below the ratio since <see cref="LowSinceMs"/>.</summary>
    public bool Low;

    /// <summary>While raised, power is above the ratio since <see cref="HighSinceMs"/>.</summary>
    public bool High;
    public bool Raised;
    public Measurand RaisedBy;

    /// <summary>1.6 transactionId of the session, learned from its meter values (1.6 StopTransaction names no connector).</summary>
    public int TransactionId;

    /// <summary>2.0.1 transactionId of the session (interned), from its Started event: a later Ended may omit the EVSE.</summary>
    public ushort TransactionText;

    /// <summary>Highest power of the derated stretch, in W.</summary>
    public int LowPeakW;
    public long LowSinceMs;
    public long HighSinceMs;
    public long RaisedAtMs;

    /// <summary>Index + 1 of the charger's next port in the table, 0 if none.</summary>
    public int NextPort;
}
