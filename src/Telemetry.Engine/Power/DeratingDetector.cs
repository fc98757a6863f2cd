using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Power;

/*
 * Power derating state machine per port, one instance per partition (single-threaded).
 *
 * Session: Idle ──SessionStarted, or status Charging/SuspendedEV/SuspendedEVSE──▶ InSession
 *   InSession ──SessionStopped (2.0.1 by EVSE or transactionId, 1.6 by the transactionId seen in
 *              its meter values),
 *              status Available/Finishing/Faulted/Unavailable, or a boot──▶ Idle
 * Rating: the inventory's rated power of the charger; without one, the highest power any port of
 *   the charger has reported (what the charger delivers elsewhere).
 * Judged samples (port ≥ 1; connector 0 meters the whole charger, not a session):
 *   Power.Offered — the charger's own limit, judged alone once the session has reported it.
 *   Power.Active.Import — judged only while the session reports no Power.Offered; what a vehicle
 *   draws depends on the vehicle, so by default it raises only with thermal evidence in the
 *   session (1.6 HighTemperature on the port or connector 0, a 2.0.1 temperature alert).
 * Signal: Quiet ──samples ≤ Ratio × rating for MinDuration──▶ Raised (dated at the sample that completes it)
 *   Raised ──samples above the ratio for RecoveryToClear──▶ Quiet (reason recovered)
 *   Raised ──session ends──▶ Quiet (reason session_ended)
 * Everything is decided by the charger's own events, so there is no timer to tick.
 * Events of one charger are expected in event-time order; one that goes back in time is applied
 * at the charger's latest time and counted as reordered.
 */

/// <summary>Raises <c>power.derating</c> for ports that deliver far below their charger's rating (DESIGN §2.3).</summary>
public sealed class DeratingDetector : IEventDetector, ICheckpointState
{
    private const double MinuteMs = 60_000;
    private const double WattsPerKw = 1000;
    private const string Recovered = "recovered";
    private const string SessionEnded = "session_ended";

    private readonly FleetInventory _inventory;
    private readonly ISignalSink _sink;
    private readonly double _ratio;
    private readonly long _minMs;
    private readonly long _recoveryMs;
    private readonly bool _importNeedsThermal;
    private readonly ChargerStates<DeratingChargerState> _chargers = new();
    private DeratingPortState[] _ports = new DeratingPortState[128];
    private int _portCount;

    public DeratingDetector(ChargerRegistry chargers, FleetInventory inventory, TextCodeRegistry texts, DeratingOptions options, ISignalSink sink)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Chargers = chargers;
        Texts = texts;
        _inventory = inventory;
        _sink = sink;
        _ratio = options.Ratio;
        _minMs = (long)options.MinDuration.TotalMilliseconds;
        _recoveryMs = (long)options.RecoveryToClear.TotalMilliseconds;
        _importNeedsThermal = options.ImportNeedsThermalEvidence;
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>The registry the alerts' text codes refer to (to recognise temperature alerts).</summary>
    public TextCodeRegistry Texts { get; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    /// <summary>Ports with state, over all chargers.</summary>
    public int PortCount => _portCount;

    /// <summary>No timers: derating is judged on the meter values of a session as they arrive.</summary>
    public void Tick(long watermarkMs)
    {
    }

    public void OnEvent(in TelemetryEvent e)
    {
        if (!e.IsFromCharger || !IsRelevant(e))
        {
            return;
        }

        ref var charger = ref _chargers.At(e.Charger);
        var t = _chargers.InOrder(e.Charger, e.TimestampMs);
        if (!charger.RatingLooked)
        {
            charger.RatingLooked = true;
            charger.RatedW = _inventory.Find(Chargers.NameOf(e.Charger))?.RatedKw is { } kw && kw > 0 ? (int)Math.Round(kw * WattsPerKw) : 0;
        }

        switch (e.Kind)
        {
            case EventKind.SessionStarted when e.Port > 0:
                ref var started = ref PortOf(ref charger, e.Port);
                StartSession(e.Charger, ref started, t);
                started.TransactionText = e.TextCode;
                break;
            case EventKind.SessionStopped:
                OnSessionStopped(e.Charger, ref charger, e, t);
                break;
            case EventKind.Status:
                OnStatus(e.Charger, ref charger, e, t);
                break;
            case EventKind.Alert:
                MarkThermal(ref charger, e.Port);
                break;
            case EventKind.Boot:
                for (var p = charger.FirstPort; p > 0; p = _ports[p - 1].NextPort)
                {
                    EndSession(e.Charger, ref _ports[p - 1], t);
                }

                break;
            default:
                OnPower(e.Charger, ref charger, e, t);
                break;
        }
    }

    /// <summary>Events that can change a port's derating state; everything else is skipped before any lookup.</summary>
    private bool IsRelevant(in TelemetryEvent e) => e.Kind switch
    {
        EventKind.Meter => e.Port > 0 && e.Detail is (byte)Measurand.PowerOffered or (byte)Measurand.PowerActiveImport,
        EventKind.SessionStarted or EventKind.SessionStopped or EventKind.Status or EventKind.Boot => true,
        EventKind.Alert => e.Detail == (byte)AlertTrigger.Alerting && !e.Cleared && IsTemperatureAlert(e.TextCode),
        _ => false,
    };

    /// <summary>2.0.1 device-model alerts on a Temperature variable (e.g. <c>EVSE/Temperature</c>) or with a temperature tech code.</summary>
    private bool IsTemperatureAlert(ushort text) => Texts.Utf8TextOf(text).IndexOf("Temperature"u8) >= 0;

    private void OnSessionStopped(int c, ref DeratingChargerState charger, in TelemetryEvent e, long t)
    {
        for (var p = charger.FirstPort; p > 0; p = _ports[p - 1].NextPort)
        {
            ref var port = ref _ports[p - 1];
            // 1.6 StopTransaction names only the transaction; a 2.0.1 Ended names the EVSE, or at least the transaction.
            var matches = e.Port > 0 ? port.Port == e.Port
                : e.Version == OcppVersion.V16 ? e.Value2 != 0 && port.TransactionId == e.Value2
                : e.TextCode != TextCodeRegistry.None && port.TransactionText == e.TextCode;
            if (matches)
            {
                EndSession(c, ref port, t);
            }
        }
    }

    private void OnStatus(int c, ref DeratingChargerState charger, in TelemetryEvent e, long t)
    {
        if (e.Error == ErrorCode.HighTemperature)
        {
            MarkThermal(ref charger, e.Port);
        }

        if (e.Port == 0)
        {
            return;
        }

        switch (e.Status)
        {
            case ConnectorStatus.Charging or ConnectorStatus.SuspendedEV or ConnectorStatus.SuspendedEVSE:
                ref var port = ref PortOf(ref charger, e.Port);
                if (!port.InSession)
                {
                    // A session whose start was not seen (e.g. the capture began during it).
                    StartSession(c, ref port, t);
                    port.Thermal = e.Error == ErrorCode.HighTemperature;
                }

                break;
            case ConnectorStatus.Available or ConnectorStatus.Finishing or ConnectorStatus.Faulted or ConnectorStatus.Unavailable:
                for (var p = charger.FirstPort; p > 0; p = _ports[p - 1].NextPort)
                {
                    if (_ports[p - 1].Port == e.Port)
                    {
                        EndSession(c, ref _ports[p - 1], t);
                    }
                }

                break;
            default:
                break;
        }
    }

    /// <summary>Thermal evidence for the sessions of <paramref name="port"/>, or of every port when it is connector 0 / the station.</summary>
    private void MarkThermal(ref DeratingChargerState charger, ushort port)
    {
        for (var p = charger.FirstPort; p > 0; p = _ports[p - 1].NextPort)
        {
            ref var state = ref _ports[p - 1];
            if (state.InSession && (port == 0 || state.Port == port))
            {
                state.Thermal = true;
            }
        }
    }

    private void OnPower(int c, ref DeratingChargerState charger, in TelemetryEvent e, long t)
    {
        var watts = Math.Max(e.Value, 0);
        charger.PeakW = Math.Max(charger.PeakW, watts);
        ref var port = ref PortOf(ref charger, e.Port);
        if (e.Value2 != 0)
        {
            port.TransactionId = e.Value2;
        }

        if (!port.InSession)
        {
            return;
        }

        var measurand = (Measurand)e.Detail;
        if (measurand == Measurand.PowerOffered && !port.SawOffered)
        {
            // From now on the charger's own limit is judged; a stretch begun on import starts over.
            port.SawOffered = true;
            port.Low = false;
            port.High = false;
        }
        else if (measurand == Measurand.PowerActiveImport && port.SawOffered)
        {
            return;
        }

        var rated = charger.RatedW > 0 ? charger.RatedW : charger.PeakW;
        if (rated <= 0)
        {
            return;
        }

        if (watts <= _ratio * rated)
        {
            OnLow(c, ref port, watts, rated, charger.RatedW > 0, measurand, t);
        }
        else
        {
            OnHigh(c, ref port, t);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnLow(int c, ref DeratingPortState port, int watts, int rated, bool fromInventory, Measurand measurand, long t)
    {
        port.High = false;
        if (!port.Low)
        {
            port.Low = true;
            port.LowSinceMs = t;
            port.LowPeakW = watts;
        }
        else
        {
            port.LowPeakW = Math.Max(port.LowPeakW, watts);
        }

        var judged = measurand == Measurand.PowerOffered || port.Thermal || !_importNeedsThermal;
        if (port.Raised || !judged || t - port.LowSinceMs < _minMs)
        {
            return;
        }

        port.Raised = true;
        port.RaisedAtMs = t;
        port.RaisedBy = measurand;
        _sink.OnSignal(new SignalValue(SignalTypes.PowerDerating, SignalState.Raised, t, Chargers.NameOf(c), port.Port, SignalScope.Connector,
            new SignalEvidence
            {
                Measurand = MeasurandName(measurand),
                PowerKw = port.LowPeakW / WattsPerKw,
                RatedKw = rated / WattsPerKw,
                RatingSource = fromInventory ? "inventory" : "learned",
                Thermal = port.Thermal ? true : null,
                FirstMs = port.LowSinceMs,
                LastMs = t,
            }));
    }

    private void OnHigh(int c, ref DeratingPortState port, long t)
    {
        port.Low = false;
        if (!port.Raised)
        {
            return;
        }

        if (!port.High)
        {
            port.High = true;
            port.HighSinceMs = t;
        }

        if (t - port.HighSinceMs >= _recoveryMs)
        {
            Clear(c, ref port, t, Recovered);
        }
    }

    private void StartSession(int c, ref DeratingPortState port, long t)
    {
        EndSession(c, ref port, t);
        port.InSession = true;
        port.SawOffered = false;
        port.Thermal = false;
        port.TransactionId = 0;
        port.TransactionText = TextCodeRegistry.None;
    }

    private void EndSession(int c, ref DeratingPortState port, long t)
    {
        if (port.Raised)
        {
            Clear(c, ref port, t, SessionEnded);
        }

        port.InSession = false;
        port.Low = false;
        port.High = false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Clear(int c, ref DeratingPortState port, long t, string reason)
    {
        port.Raised = false;
        port.High = false;
        _sink.OnSignal(new SignalValue(SignalTypes.PowerDerating, SignalState.Cleared, t, Chargers.NameOf(c), port.Port, SignalScope.Connector,
            new SignalEvidence
            {
                Reason = reason,
                Measurand = MeasurandName(port.RaisedBy),
                SinceMs = port.RaisedAtMs,
                DurationMinutes = (t - port.RaisedAtMs) / MinuteMs,
            }));
    }

    private static string MeasurandName(Measurand measurand) =>
        measurand == Measurand.PowerOffered ? "Power.Offered" : "Power.Active.Import";

    private ref DeratingPortState PortOf(ref DeratingChargerState charger, ushort port)
    {
        for (var p = charger.FirstPort; p > 0; p = _ports[p - 1].NextPort)
        {
            if (_ports[p - 1].Port == port)
            {
                return ref _ports[p - 1];
            }
        }

        if (_portCount == _ports.Length)
        {
            Array.Resize(ref _ports, _ports.Length * 2);
        }

        ref var state = ref _ports[_portCount];
        state = new DeratingPortState { Port = port, NextPort = charger.FirstPort };
        charger.FirstPort = ++_portCount;
        return ref state;
    }

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes each charger's rating and port chain, then the ports' states (one copy).</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        writer.Header(CheckpointSection.Derating, FormatVersion);
        _chargers.WriteTo(writer, ids);
        var ports = _ports.AsSpan(0, _portCount);
        foreach (ref readonly var port in ports)
        {
            ids.Text(port.TransactionText);
        }

        writer.Count(_portCount);
        writer.Structs<DeratingPortState>(ports);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        reader.Header(CheckpointSection.Derating, FormatVersion);
        _chargers.RestoreFrom(ref reader, map);
        var count = reader.Count(System.Runtime.CompilerServices.Unsafe.SizeOf<DeratingPortState>());
        _ports = new DeratingPortState[Math.Max(_ports.Length, count)];
        var ports = _ports.AsSpan(0, count);
        reader.Structs(ports);
        foreach (ref var port in ports)
        {
            port.TransactionText = map.Text(port.TransactionText);
        }

        _portCount = count;
    }
}
