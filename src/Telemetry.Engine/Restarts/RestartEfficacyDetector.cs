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
    private readonly ChargerSet _busy = new();
    private readonly ChargerTimer<RestartCharger> _timer;
    private readonly PortTable<RestartPort> _ports = new();

    public RestartEfficacyDetector(ChargerRegistry chargers, RestartOptions options, ISignalSink sink)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _timer = TickCharger;
        Chargers = chargers;
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

    private static bool IsSameFault(in RestartPort port) =>
        port.FaultError is ErrorCode.None or ErrorCode.NoError
            ? port.Status == port.FaultStatus
            : port.Error == port.FaultError;

    /// <summary>Applies the deadlines due by <paramref name="now"/>; returns the latest one applied, or long.MinValue.</summary>
    private long Expire(int c, long now)
    {
        var latest = long.MinValue;
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            ref var port = ref _ports[s];
            long at;
            switch (port.Phase)
            {
                case RestartPhase.Requested when now >= (at = port.RequestedMs + _bootWithinMs):
                    port.Phase = RestartPhase.None;
                    latest = Math.Max(latest, at);
                    break;
                case RestartPhase.Booted when now >= (at = port.BootedMs + _recoveryMs):
                    Judge(c, s, at, held: false);
                    latest = Math.Max(latest, at);
                    break;
                case RestartPhase.Recovered when now >= (at = port.RecoveredMs + _durabilityMs):
                    Judge(c, s, at, held: true);
                    latest = Math.Max(latest, at);
                    break;
            }

            if (port.Raised && now >= (at = port.LastNotHeldMs + _windowMs))
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
        switch (port.Phase)
        {
            case RestartPhase.Booted when IsUp(port.Status):
                port.Phase = RestartPhase.Recovered;
                port.RecoveredMs = t;
                break;
            case RestartPhase.Booted or RestartPhase.Recovered when !IsUp(port.Status) && IsSameFault(port):
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

            port.FaultStatus = port.Status;
            port.FaultError = port.Error;
            port.RequestedMs = t;
            if (target == 0)
            {
                port.Phase = RestartPhase.Requested;
            }
            else
            {
                // A 2.0.1 EVSE reset restarts the EVSE alone: no BootNotification follows.
                port.Phase = RestartPhase.Booted;
                port.BootedMs = t;
                port.Tried++;
            }
        }
    }

    private void OnBoot(int c, long t)
    {
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            ref var port = ref _ports[s];
            if (port.Phase == RestartPhase.Requested)
            {
                port.Phase = RestartPhase.Booted;
                port.BootedMs = t;
                port.Tried++;
            }
        }
    }

    private void Abandon(int c, RestartPhase phase)
    {
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            if (_ports[s].Phase == phase)
            {
                _ports[s].Phase = RestartPhase.None;
            }
        }
    }

    private bool IsBusy(int c)
    {
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            if (_ports[s].Phase != RestartPhase.None || _ports[s].Raised)
            {
                return true;
            }
        }

        return false;
    }

    private void Judge(int c, int slot, long t, bool held)
    {
        ref var port = ref _ports[slot];
        port.Phase = RestartPhase.None;
        port.Outcomes.Add(t, held ? HeldTag : NotHeldTag);
        if (held)
        {
            port.Held++;
            if (port.Raised)
            {
                Clear(c, slot, t);
            }

            return;
        }

        port.NotHeld++;
        port.LastNotHeldMs = t;
        if (port.Raised)
        {
            port.EpisodeNotHeld++;
            return;
        }

        var counts = port.Outcomes.CountAfter(t - _windowMs, 1 << NotHeldTag, out var firstMs);
        if (counts.Tag1 < _options.NotHeldToRaise)
        {
            return;
        }

        port.Raised = true;
        port.RaisedAtMs = t;
        port.EpisodeNotHeld = counts.Tag1;
        var portId = _ports.PortOf(slot);
        _sink.OnSignal(new Signal(SignalTypes.RestartIneffective, SignalState.Raised, t, Chargers.NameOf(c),
            portId == 0 ? null : portId, portId == 0 ? SignalScope.Charger : SignalScope.Connector,
            new SignalEvidence
            {
                Count = counts.Tag1,
                RestartsTried = counts.Total,
                RestartsHeld = counts.Tag0,
                Status = port.FaultStatus.ToString(),
                ErrorCode = port.FaultError is ErrorCode.None or ErrorCode.NoError ? null : port.FaultError.ToString(),
                WindowMinutes = _windowMs / MinuteMs,
                FirstMs = firstMs,
                LastMs = t,
            }));
    }

    private void Clear(int c, int slot, long t)
    {
        ref var port = ref _ports[slot];
        port.Raised = false;
        var portId = _ports.PortOf(slot);
        _sink.OnSignal(new Signal(SignalTypes.RestartIneffective, SignalState.Cleared, t, Chargers.NameOf(c),
            portId == 0 ? null : portId, portId == 0 ? SignalScope.Charger : SignalScope.Connector,
            new SignalEvidence
            {
                Count = port.EpisodeNotHeld,
                SinceMs = port.RaisedAtMs,
                DurationMinutes = (t - port.RaisedAtMs) / MinuteMs,
            }));
    }

    private RestartHistory History(int slot) => new(_ports[slot].Tried, _ports[slot].Held, _ports[slot].NotHeld);

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes each charger's busy flag, the busy chargers and every port's restart phase and history.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.Restarts, FormatVersion);
        _chargers.WriteTo(writer, ids);
        _busy.WriteTo(writer, ids);
        _ports.WriteTo(writer, ids);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        reader.Header(CheckpointSection.Restarts, FormatVersion);
        _chargers.RestoreFrom(ref reader, map);
        _busy.RestoreFrom(ref reader, map);
        _ports.RestoreFrom(ref reader, map);
    }
}
