using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Restarts;

/*
 * Restart efficacy state machine, one instance per partition (single-threaded).
 *
 * Per port (port 0 = connector 0 / the whole station), following one restart at a time:
 *   None ──CSMS Reset while the port is faulted (Faulted, or any status with an error code)──▶ Requested
 *     The fault (status, 1.6 errorCode) is kept. A whole-charger Reset reaches every faulted port;
 *     a 2.0.1 EVSE Reset only its EVSE, which restarts without a boot and goes straight to Booted.
 *   Requested ──Boot within BootWithin──▶ Booted (a restart tried)
 *   Requested ──Reset answered other than Accepted/Scheduled, or no boot within BootWithin──▶ None (not carried out)
 *   Booted ──up status──▶ Recovered
 *   Booted ──the same fault, or still not up after RecoveryWithin──▶ not held, None
 *   Recovered ──the same fault within Durability──▶ not held, None
 *   Recovered ──Durability without it──▶ held, None
 *   A new Reset on a faulted port supersedes the restart being followed, which gets no verdict.
 * Same fault: the same 1.6 errorCode; when the fault had none (2.0.1 reports none, or NoError),
 *   the same status.
 * Signal, per port: Quiet ──not held with ≥ NotHeldToRaise within (t − Window, t]──▶ Raised
 *   ──a held restart, or Window after the last not held──▶ Quiet
 * Timers are dated at their deadline whether found by the charger's next event or by
 * Tick(watermark), so both give the same results. Events of one charger are expected in event-time
 * order; one that goes back in time is applied at the charger's latest time and counted as reordered.
 */

/// <summary>
/// Judges CSMS restarts of faulted ports: whether the fault stayed away after the reboot. Raises
/// <c>restart.ineffective</c> and keeps each port's restart history (DESIGN §2.3).
/// </summary>
public sealed class RestartEfficacyDetector : IEventDetector, ICheckpointState
{
    private const double MinuteMs = 60_000;
    private const int HeldTag = 0;
    private const int NotHeldTag = 1;

    private readonly ISignalSink _sink;
    private readonly RestartOptions _options;
    private readonly long _bootWithinMs;
    private readonly long _recoveryMs;
    private readonly long _durabilityMs;
    private readonly long _windowMs;
    private readonly ChargerStates<RestartCharger> _chargers = new();

    // Chargers with a restart in progress (Busy): the only ones a tick visits.
    private readonly ChargerSet _busy;
    private readonly ChargerTimer<RestartCharger> _timer;
    private readonly PortTable<RestartPort> _ports = new();

    // Records of the ports a restart was followed on, in the order they were first restarted.
    private RestartRecord[] _records = new RestartRecord[16];
    private int _recordCount;

    public RestartEfficacyDetector(ChargerRegistry chargers, RestartOptions options, ISignalSink sink)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _timer = TickCharger;
        Chargers = chargers;
        _busy = new ChargerSet(chargers);
        _options = options;
        _sink = sink;
        _bootWithinMs = (long)options.BootWithin.TotalMilliseconds;
        _recoveryMs = (long)options.RecoveryWithin.TotalMilliseconds;
        _durabilityMs = (long)options.Durability.TotalMilliseconds;
        _windowMs = (long)options.Window.TotalMilliseconds;
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    /// <summary>Restart history of one port (0 = the whole charger); zero for a port never seen.</summary>
    public RestartHistory HistoryOf(int charger, ushort port)
    {
        var slot = _ports.Find(charger, port);
        return slot < 0 ? default : History(slot);
    }

    /// <summary>Restart history of every port of a charger, summed: restarts tried, held and not held.</summary>
    public RestartHistory HistoryOf(int charger)
    {
        var sum = default(RestartHistory);
        for (var s = _ports.First(charger); s >= 0; s = _ports.Next(s))
        {
            sum = sum.Plus(History(s));
        }

        return sum;
    }

    public void OnEvent(in TelemetryEvent e)
    {
        var isReset = e.Kind == EventKind.ResetRequested && e.Origin == EventOrigin.Csms;
        if (e.Kind != EventKind.Status && !isReset && e.Charger >= _chargers.Length)
        {
            // Neither a status nor a reset seen for this charger yet: nothing to follow.
            return;
        }

        var c = e.Charger;
        ref var charger = ref _chargers.At(c);
        var t = _chargers.InOrder(c, e.TimestampMs);
        // Only a reset starts following a restart: a charger that follows none keeps following none
        // whatever else arrives, so its ports need no walk to tell.
        var mayBeBusy = charger.Busy || isReset;
        if (charger.Busy)
        {
            Expire(c, t);
        }

        switch (e.Kind)
        {
            case EventKind.Status:
                OnStatus(c, e, t);
                break;
            case EventKind.ResetRequested when isReset:
                OnReset(c, e.Port, t);
                break;
            case EventKind.ResetResult when (CommandStatus)e.Detail is not (CommandStatus.Accepted or CommandStatus.Scheduled):
                Abandon(c, RestartPhase.Requested);
                break;
            case EventKind.Boot:
                OnBoot(c, t);
                break;
        }

        if (!mayBeBusy)
        {
            return;
        }

        charger.Busy = IsBusy(c);
        if (charger.Busy)
        {
            _busy.Add(c);
        }
    }

    /// <summary>
    /// Applies the boot, recovery and durability deadlines and the quiet clear due by
    /// <paramref name="watermarkMs"/> (latest event time minus the lateness the caller allows).
    /// </summary>
    public void Tick(long watermarkMs) => _chargers.RunTimers(_busy, watermarkMs, _timer);

    /// <summary>Expires the charger's restart verdicts due by <paramref name="now"/>; true while a restart is still followed.</summary>
    private bool TickCharger(int c, ref RestartCharger charger, long now)
    {
        if (!charger.Busy)
        {
            return false;
        }

        var at = Expire(c, now);
        charger.Busy = IsBusy(c);
        if (at != long.MinValue)
        {
            // Later events of this charger cannot be placed before the verdict they would contradict.
            _chargers.AdvanceTo(c, at);
        }

        return charger.Busy;
    }

    /// <summary>True for the statuses a port is in service in (the availability detector's up set).</summary>
    public static bool IsUp(ConnectorStatus status) => status is ConnectorStatus.Available or ConnectorStatus.Preparing
        or ConnectorStatus.Charging or ConnectorStatus.SuspendedEV or ConnectorStatus.SuspendedEVSE or ConnectorStatus.Finishing
        or ConnectorStatus.Reserved or ConnectorStatus.Occupied;

    private static bool IsFault(ConnectorStatus status, ErrorCode error) =>
        status == ConnectorStatus.Faulted || error is not (ErrorCode.None or ErrorCode.NoError);

    private static bool IsSameFault(in RestartPort port, in RestartRecord record) =>
        record.FaultError is ErrorCode.None or ErrorCode.NoError
            ? port.Status == record.FaultStatus
            : port.Error == record.FaultError;

    /// <summary>Applies the deadlines due by <paramref name="now"/>; returns the latest one applied, or long.MinValue.</summary>
    private long Expire(int c, long now)
    {
        var latest = long.MinValue;
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            var r = _ports[s].Record;
            if (r == 0)
            {
                continue;
            }

            ref var record = ref _records[r - 1];
            long at;
            switch (record.Phase)
            {
                case RestartPhase.Requested when now >= (at = record.RequestedMs + _bootWithinMs):
                    record.Phase = RestartPhase.None;
                    latest = Math.Max(latest, at);
                    break;
                case RestartPhase.Booted when now >= (at = record.BootedMs + _recoveryMs):
                    Judge(c, s, at, held: false);
                    latest = Math.Max(latest, at);
                    break;
                case RestartPhase.Recovered when now >= (at = record.RecoveredMs + _durabilityMs):
                    Judge(c, s, at, held: true);
                    latest = Math.Max(latest, at);
                    break;
            }

            if (record.Raised && now >= (at = record.LastNotHeldMs + _windowMs))
            {
                Clear(c, s, at);
                latest = Math.Max(latest, at);
            }
        }

        return latest;
    }

    private void OnStatus(int c, in TelemetryEvent e, long t)
    {
        var slot = _ports.Slot(c, e.Port);
        ref var port = ref _ports[slot];
        port.Status = e.Status;
        port.Error = e.Error;
        if (port.Record == 0)
        {
            return;
        }

        ref var record = ref _records[port.Record - 1];
        switch (record.Phase)
        {
            case RestartPhase.Booted when IsUp(port.Status):
                record.Phase = RestartPhase.Recovered;
                record.RecoveredMs = t;
                break;
            case RestartPhase.Booted or RestartPhase.Recovered when !IsUp(port.Status) && IsSameFault(port, record):
                Judge(c, slot, t, held: false);
                break;
        }
    }

    private void OnReset(int c, ushort target, long t)
    {
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            ref var port = ref _ports[s];
            if ((target != 0 && _ports.PortOf(s) != target) || !IsFault(port.Status, port.Error))
            {
                continue;
            }

            ref var record = ref RecordOf(ref port);
            record.FaultStatus = port.Status;
            record.FaultError = port.Error;
            record.RequestedMs = t;
            if (target == 0)
            {
                record.Phase = RestartPhase.Requested;
            }
            else
            {
                // A 2.0.1 EVSE reset restarts the EVSE alone: no BootNotification follows.
                record.Phase = RestartPhase.Booted;
                record.BootedMs = t;
                record.Tried++;
            }
        }
    }

    private void OnBoot(int c, long t)
    {
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            var r = _ports[s].Record;
            if (r == 0)
            {
                continue;
            }

            ref var record = ref _records[r - 1];
            if (record.Phase == RestartPhase.Requested)
            {
                record.Phase = RestartPhase.Booted;
                record.BootedMs = t;
                record.Tried++;
            }
        }
    }

    private void Abandon(int c, RestartPhase phase)
    {
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            var r = _ports[s].Record;
            if (r != 0 && _records[r - 1].Phase == phase)
            {
                _records[r - 1].Phase = RestartPhase.None;
            }
        }
    }

    private bool IsBusy(int c)
    {
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            var r = _ports[s].Record;
            if (r != 0 && (_records[r - 1].Phase != RestartPhase.None || _records[r - 1].Raised))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The record of a port a restart is followed on (made at the port's first).</summary>
    private ref RestartRecord RecordOf(ref RestartPort port)
    {
        if (port.Record == 0)
        {
            if (_recordCount == _records.Length)
            {
                Array.Resize(ref _records, _records.Length * 2);
            }

            port.Record = ++_recordCount;
        }

        return ref _records[port.Record - 1];
    }

    /// <summary>Judges the restart followed on <paramref name="slot"/>, a port that has a record.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Judge(int c, int slot, long t, bool held)
    {
        ref var record = ref _records[_ports[slot].Record - 1];
        record.Phase = RestartPhase.None;
        record.Outcomes.Add(t, held ? HeldTag : NotHeldTag);
        if (held)
        {
            record.Held++;
            if (record.Raised)
            {
                Clear(c, slot, t);
            }

            return;
        }

        record.NotHeld++;
        record.LastNotHeldMs = t;
        if (record.Raised)
        {
            record.EpisodeNotHeld++;
            return;
        }

        var counts = record.Outcomes.CountAfter(t - _windowMs, 1 << NotHeldTag, out var firstMs);
        if (counts.Tag1 < _options.NotHeldToRaise)
        {
            return;
        }

        record.Raised = true;
        record.RaisedAtMs = t;
        record.EpisodeNotHeld = counts.Tag1;
        var portId = _ports.PortOf(slot);
        _sink.OnSignal(new SignalValue(SignalTypes.RestartIneffective, SignalState.Raised, t, Chargers.NameOf(c),
            portId == 0 ? null : portId, portId == 0 ? SignalScope.Charger : SignalScope.Connector,
            new SignalEvidence
            {
                Count = counts.Tag1,
                RestartsTried = counts.Total,
                RestartsHeld = counts.Tag0,
                Status = EnumText<ConnectorStatus>.Of(record.FaultStatus),
                ErrorCode = record.FaultError is ErrorCode.None or ErrorCode.NoError ? null : EnumText<ErrorCode>.Of(record.FaultError),
                WindowMinutes = _windowMs / MinuteMs,
                FirstMs = firstMs,
                LastMs = t,
            }));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Clear(int c, int slot, long t)
    {
        ref var record = ref _records[_ports[slot].Record - 1];
        record.Raised = false;
        var portId = _ports.PortOf(slot);
        _sink.OnSignal(new SignalValue(SignalTypes.RestartIneffective, SignalState.Cleared, t, Chargers.NameOf(c),
            portId == 0 ? null : portId, portId == 0 ? SignalScope.Charger : SignalScope.Connector,
            new SignalEvidence
            {
                Count = record.EpisodeNotHeld,
                SinceMs = record.RaisedAtMs,
                DurationMinutes = (t - record.RaisedAtMs) / MinuteMs,
            }));
    }

    private RestartHistory History(int slot)
    {
        var r = _ports[slot].Record;
        return r == 0 ? default : new(_records[r - 1].Tried, _records[r - 1].Held, _records[r - 1].NotHeld);
    }

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 2;

    /// <summary>Writes each charger's busy flag, the busy chargers, every port's status and the restarted ports' records.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.Restarts, FormatVersion);
        _chargers.WriteTo(writer, ids);
        _busy.WriteTo(writer, ids);
        _ports.WriteTo(writer, ids);
        writer.Count(_recordCount);
        writer.Structs<RestartRecord>(_records.AsSpan(0, _recordCount));
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        reader.Header(CheckpointSection.Restarts, FormatVersion);
        _chargers.RestoreFrom(ref reader, map);
        _busy.RestoreFrom(ref reader, map);
        _ports.RestoreFrom(ref reader, map);
        _recordCount = reader.Count(Unsafe.SizeOf<RestartRecord>());
        _records = new RestartRecord[Math.Max(_records.Length, _recordCount)];
        reader.Structs(_records.AsSpan(0, _recordCount));
        for (var s = 0; s < _ports.Count; s++)
        {
            if ((uint)_ports[s].Record > (uint)_recordCount)
            {
                throw new InvalidDataException("Checkpoint is corrupt: a port's restart record is missing.");
            }
        }
    }
}
