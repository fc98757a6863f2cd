using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Sessions;

/*
 * Session state machine, one instance per partition (single-threaded).
 *
 * Attempt, per port: None ──Preparing (1.6) / Occupied (2.0.1), a bound authorisation, or a start──▶ Open
 *   Open ──accepted authorisation──▶ Authorised ──start──▶ Session ──stop──▶ judged, None
 *   Open ──refused authorisation──▶ failed start (refused), None; a retry opens a new attempt
 *   Authorised ──no start within StartTimeout, or the port back to Available/Faulted/Unavailable──▶ failed start, None
 *   Open, never authorised ──port back to Available──▶ None (the driver left: nothing to judge)
 * Authorize names no connector (OCPP 1.6 §4.2, 2.0.1 C01), so its answer goes to the port with an
 *   open unauthorised attempt, else to a Preparing/Occupied port without one, else it waits on the
 *   charger for StartTimeout: a port opening an attempt takes it; a stop takes it (a driver badging
 *   to stop); at expiry a charger with a single port and no session gets a failed start, others
 *   count it as unattributed.
 * Session: 1.6 StartTransaction (meterStart, the transactionId from its answer, whose idTagInfo
 *   not Accepted is a refused start) to StopTransaction (found by transactionId); 2.0.1
 *   TransactionEvent Started/Updated/Ended found by transactionId. A 2.0.1 transaction opened on
 *   plug-in counts as authorised once an accepted Authorize is bound to it or a TransactionEvent
 *   says Authorized/RemoteStart.
 * Judging a stop: refused start ▶ RejectedStart; never authorised ▶ Unauthorised (not counted);
 *   abnormal reason (IsAbnormalStop) and (energy < NearZeroEnergyWh, or duration < ShortSession
 *   unless reported offline) ▶ EarlyTermination; otherwise Succeeded.
 * Signal, per port: Quiet ──failure with ≥ FailuresToRaise failures and ≥ FailureShare of the
 *   judged outcomes within (t − Window, t]──▶ Raised ──SuccessesToClear successes in a row──▶ Quiet
 * Timeouts are dated at authorisation + StartTimeout whether found by the charger's next event or
 * by Tick(watermark), so both give the same results. Events of one charger are expected in
 * event-time order; one that goes back in time is applied at the charger's latest time and
 * counted as reordered.
 */

/// <summary>
/// Follows charging attempts and sessions per port: emits session records (23 CFR 680.112),
/// keeps attempt/start/success/failure and visit counts, and raises <c>session.failures</c> (DESIGN §2.3).
/// </summary>
public sealed class SessionDetector : IEventDetector, ICheckpointState
{
    private const double MinuteMs = 60_000;
    private const long HourMs = 3_600_000;
    private const int SuccessTag = 0;
    private const int FailedStartTag = 1;
    private const int EarlyTerminationTag = 2;
    private const int FailureTags = (1 << FailedStartTag) | (1 << EarlyTerminationTag);

    private readonly ISessionSink _sink;
    private readonly SessionOptions _options;
    private readonly long _startTimeoutMs;
    private readonly long _shortMs;
    private readonly long _windowMs;
    private readonly long _visitGapMs;
    private readonly ChargerStates<SessionCharger> _chargers = new();
    private readonly PortTable<SessionPort> _ports = new();

    // Chargers that may have a start timeout pending: the only ones a tick visits.
    private readonly ChargerSet _timed;
    private readonly ChargerTimer<SessionCharger> _timer;

    public SessionDetector(ChargerRegistry chargers, SessionOptions options, ISessionSink sink)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _timer = TickCharger;
        Chargers = chargers;
        _timed = new ChargerSet(chargers);
        _options = options;
        _sink = sink;
        _startTimeoutMs = (long)options.StartTimeout.TotalMilliseconds;
        _shortMs = (long)options.ShortSession.TotalMilliseconds;
        _windowMs = (long)options.Window.TotalMilliseconds;
        _visitGapMs = (long)options.VisitGap.TotalMilliseconds;
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    /// <summary>Stops that matched no running session (their start was never seen).</summary>
    public long UnmatchedStops { get; private set; }

    /// <summary>Authorisations that expired with no port to tie them to (a charger with several ports and no plug-in).</summary>
    public long UnattributedAuthorisations { get; private set; }

    /// <summary>
    /// True for the stop reasons that mean the charger, the grid or the vehicle link ended the
    /// session rather than the driver, the vehicle's own limits or the operator's plan:
    /// 1.6 Reason (§7.39) EmergencyStop, EVDisconnected, HardReset, Other, PowerLoss, Reboot,
    /// SoftReset, UnlockCommand, DeAuthorized; 2.0.1 ReasonEnumType adds GroundFault,
    /// ImmediateReset, OvercurrentFault, PowerQuality, Timeout; and unrecognised reasons.
    /// EVDisconnected is how many healthy sessions end (the driver unplugs), which is why it only
    /// counts when the session is also short or near-zero in energy.
    /// Normal: Local, Remote, EnergyLimitReached, SOCLimitReached, TimeLimitReached, StoppedByEV,
    /// LocalOutOfCredit, MasterPass.
    /// </summary>
    public static bool IsAbnormalStop(StopReason reason) => reason is
        StopReason.DeAuthorized or StopReason.EmergencyStop or StopReason.EVDisconnected or StopReason.HardReset
        or StopReason.Other or StopReason.PowerLoss or StopReason.Reboot or StopReason.SoftReset or StopReason.UnlockCommand
        or StopReason.GroundFault or StopReason.ImmediateReset or StopReason.OvercurrentFault or StopReason.PowerQuality
        or StopReason.Timeout or StopReason.Unrecognised;

    /// <summary>Counts of one port since the detector started; zero for a port never seen.</summary>
    public SessionCounts CountsOf(int charger, ushort port)
    {
        var slot = _ports.Find(charger, port);
        return slot < 0 ? default : Counts(slot);
    }

    /// <summary>Counts of every port of a charger, summed.</summary>
    public SessionCounts CountsOf(int charger)
    {
        var sum = default(SessionCounts);
        for (var s = _ports.First(charger); s >= 0; s = _ports.Next(s))
        {
            sum = sum.Plus(Counts(s));
        }

        return sum;
    }

    public void OnEvent(in TelemetryEvent e)
    {
        var relevant = e.Kind is EventKind.Status or EventKind.AuthResult or EventKind.SessionStarted
            or EventKind.SessionUpdated or EventKind.SessionStopped or EventKind.Meter;
        if (!relevant && e.Charger >= _chargers.Length)
        {
            // Nothing of this charger's sessions seen yet: no timer to run.
            return;
        }

        var c = e.Charger;
        ref var charger = ref _chargers.At(c);
        var t = _chargers.InOrder(c, e.TimestampMs);
        // A charger with a start timeout pending is always in _timed (added where one begins, removed
        // only when none is left): the others have nothing to expire, and their ports are not walked.
        if (_timed.Contains(c))
        {
            Expire(c, ref charger, t);
        }

        switch (e.Kind)
        {
            case EventKind.Status:
                OnStatus(c, ref charger, e, t);
                break;
            case EventKind.AuthResult:
                OnAuthResult(c, ref charger, e, t);
                break;
            case EventKind.SessionStarted:
                OnStarted(c, ref charger, e, t);
                break;
            case EventKind.SessionUpdated:
                OnUpdated(c, e, t);
                break;
            case EventKind.SessionStopped:
                OnStopped(c, ref charger, e, t);
                break;
            case EventKind.Meter:
                OnMeter(c, e, t);
                break;
        }
    }

    /// <summary>
    /// Counts the failed starts whose timeout has passed by <paramref name="watermarkMs"/> (latest
    /// event time minus the lateness the caller allows), for ports that have gone quiet.
    /// </summary>
    public void Tick(long watermarkMs) => _chargers.RunTimers(_timed, watermarkMs, _timer);

    /// <summary>Times out the charger's waiting authorisations due by <paramref name="now"/>; true while one still waits.</summary>
    private bool TickCharger(int c, ref SessionCharger charger, long now)
    {
        var at = Expire(c, ref charger, now);
        if (at != long.MinValue)
        {
            // Later events of this charger cannot be placed before the timeout they would contradict.
            _chargers.AdvanceTo(c, at);
        }

        return HasTimeout(c, charger);
    }

    /// <summary>True while an authorisation of the charger still waits for a start (or for a port) and can time out.</summary>
    private bool HasTimeout(int c, in SessionCharger charger)
    {
        if (charger.PendingAuth)
        {
            return true;
        }

        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            ref var port = ref _ports[s];
            if (port.AttemptOpen && port.Authorised && !port.InSession)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Applies the start timeouts due by <paramref name="now"/>; returns the latest one applied, or long.MinValue.</summary>
    private long Expire(int c, ref SessionCharger charger, long now)
    {
        var latest = long.MinValue;
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            ref var port = ref _ports[s];
            if (port.AttemptOpen && port.Authorised && !port.InSession && now >= port.AuthorisedMs + _startTimeoutMs)
            {
                var at = port.AuthorisedMs + _startTimeoutMs;
                port.AttemptOpen = false;
                Judge(c, ref charger, s, at, Verdict.FailedStart, StopReason.None);
                latest = Math.Max(latest, at);
            }
        }

        if (charger.PendingAuth && now >= charger.PendingAuthMs + _startTimeoutMs)
        {
            var at = charger.PendingAuthMs + _startTimeoutMs;
            charger.PendingAuth = false;
            var only = OnlyIdlePort(c);
            if (only < 0)
            {
                UnattributedAuthorisations++;
            }
            else
            {
                OpenAttempt(ref charger, only, charger.PendingAuthMs);
                ApplyAuth(c, ref charger, only, charger.PendingStatus, charger.PendingAuthMs, at);
                if (_ports[only].AttemptOpen)
                {
                    _ports[only].AttemptOpen = false;
                    Judge(c, ref charger, only, at, Verdict.FailedStart, StopReason.None);
                }
            }

            latest = Math.Max(latest, at);
        }

        return latest;
    }

    private void OnStatus(int c, ref SessionCharger charger, in TelemetryEvent e, long t)
    {
        if (e.Port == 0)
        {
            // Connector 0 / the station: its errors belong to every session running on the charger.
            for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
            {
                if (_ports[s].InSession)
                {
                    _ports[s].Errors = _ports[s].Errors.With(e.Error);
                }
            }

            return;
        }

        var slot = _ports.Slot(c, e.Port);
        ref var port = ref _ports[slot];
        port.Status = e.Status;
        port.StatusFromLastSession = false;
        if (port.InSession)
        {
            port.Errors = port.Errors.With(e.Error);
            return;
        }

        switch (e.Status)
        {
            case ConnectorStatus.Preparing or ConnectorStatus.Occupied when !port.AttemptOpen:
                OpenAttempt(ref charger, slot, t);
                break;
            case ConnectorStatus.Available or ConnectorStatus.Faulted or ConnectorStatus.Unavailable when port.AttemptOpen:
                // The attempt ended without a start: a failure once authorised, a driver who left otherwise.
                port.AttemptOpen = false;
                if (port.Authorised)
                {
                    Judge(c, ref charger, slot, t, Verdict.FailedStart, StopReason.None);
                }

                break;
        }
    }

    private void OnAuthResult(int c, ref SessionCharger charger, in TelemetryEvent e, long t)
    {
        var status = (AuthorizationStatus)e.Detail;
        if (status == AuthorizationStatus.None)
        {
            return;
        }

        if ((AuthContext)e.Reason == AuthContext.StartTransaction)
        {
            OnStartAnswer(c, ref charger, status, e.Value2, t);
            return;
        }

        // A new verdict supersedes one still waiting for a port.
        charger.PendingAuth = false;
        var slot = PortAwaitingAuth(c);
        if (slot < 0)
        {
            charger.PendingAuth = true;
            charger.PendingAuthMs = t;
            charger.PendingStatus = status;
            _timed.Add(c);
            return;
        }

        if (!_ports[slot].AttemptOpen)
        {
            OpenAttempt(ref charger, slot, t);
        }

        ApplyAuth(c, ref charger, slot, status, t, t);
    }

    /// <summary>1.6 StartTransaction answer: the transactionId, and the CSMS's verdict on the start.</summary>
    private void OnStartAnswer(int c, ref SessionCharger charger, AuthorizationStatus status, int transactionId, long t)
    {
        var slot = -1;
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            // Answers come in the order of the requests: the oldest start still without an id.
            if (_ports[s].InSession && _ports[s].AwaitingTransactionId && (slot < 0 || _ports[s].StartMs < _ports[slot].StartMs))
            {
                slot = s;
            }
        }

        if (slot < 0)
        {
            return;
        }

        ref var port = ref _ports[slot];
        port.AwaitingTransactionId = false;
        port.TransactionId = transactionId;
        port.AuthStatus = status;
        if (status != AuthorizationStatus.Accepted)
        {
            port.StartRefused = true;
            Judge(c, ref charger, slot, t, Verdict.RejectedStart, StopReason.None);
        }
    }

    private void OnStarted(int c, ref SessionCharger charger, in TelemetryEvent e, long t)
    {
        var slot = _ports.Slot(c, e.Port);
        ref var port = ref _ports[slot];
        var v201 = e.Version >= OcppVersion.V201;
        if (port.InSession)
        {
            if (v201 && port.TransactionText == e.TextCode)
            {
                // The same transaction again (a resent Started): only its news count.
                OnUpdated(c, e, t);
                return;
            }

            Emit(c, slot, t, StopReason.None, SessionOutcome.Unended);
        }

        if (!port.AttemptOpen)
        {
            OpenAttempt(ref charger, slot, t);
        }

        port.Starts++;
        port.InSession = true;
        port.StartMs = t;
        port.Version = e.Version;
        port.Offline = e.Offline;
        port.Errors = default;
        port.StartRefused = false;
        port.PeakW = -1;
        port.DerivedPeakW = -1;
        port.HasStartWh = false;
        port.HasLastWh = false;
        port.TransactionId = 0;
        if (v201)
        {
            port.TransactionText = e.TextCode;
            port.AwaitingTransactionId = false;
            port.SessionAuthorised = port.Authorised || IsAuthorising((TriggerReason)e.Detail);
            if (e.Value != 0)
            {
                Reading(ref port, (uint)e.Value, t);
            }
        }
        else
        {
            // 1.6 sends StartTransaction only for an idTag the charger accepted (locally or by Authorize).
            port.TransactionText = 0;
            port.AwaitingTransactionId = true;
            port.SessionAuthorised = true;
            Reading(ref port, (uint)e.Value, t);
        }
    }

    private void OnUpdated(int c, in TelemetryEvent e, long t)
    {
        var slot = FindSession(c, e);
        if (slot < 0)
        {
            return;
        }

        ref var port = ref _ports[slot];
        port.Offline |= e.Offline;
        if (IsAuthorising((TriggerReason)e.Detail))
        {
            port.SessionAuthorised = true;
        }

        if (e.Value != 0)
        {
            Reading(ref port, (uint)e.Value, t);
        }
    }

    private void OnStopped(int c, ref SessionCharger charger, in TelemetryEvent e, long t)
    {
        // A badge that stops a session raises an Authorize first: it is not a new attempt.
        charger.PendingAuth = false;
        var slot = FindSession(c, e);
        if (slot < 0)
        {
            UnmatchedStops++;
            return;
        }

        ref var port = ref _ports[slot];
        var v201 = e.Version >= OcppVersion.V201;
        var reason = (StopReason)(v201 ? e.Reason : e.Detail);
        port.Offline |= e.Offline;
        if (!v201 || e.Value != 0)
        {
            Reading(ref port, (uint)e.Value, t);
        }

        var energy = EnergyWh(port);
        SessionOutcome outcome;
        if (port.StartRefused)
        {
            outcome = SessionOutcome.RejectedStart;
        }
        else if (!port.SessionAuthorised)
        {
            outcome = SessionOutcome.Unauthorised;
        }
        else if (IsAbnormalStop(reason)
            && ((energy >= 0 && energy < _options.NearZeroEnergyWh) || (!port.Offline && t - port.StartMs < _shortMs)))
        {
            outcome = SessionOutcome.EarlyTermination;
            Judge(c, ref charger, slot, t, Verdict.EarlyTermination, reason);
        }
        else
        {
            outcome = SessionOutcome.Succeeded;
            Judge(c, ref charger, slot, t, Verdict.Success, reason);
        }

        Emit(c, slot, t, reason, outcome);
    }

    private void OnMeter(int c, in TelemetryEvent e, long t)
    {
        var slot = _ports.Find(c, e.Port);
        if (slot < 0 || !_ports[slot].InSession)
        {
            return;
        }

        ref var port = ref _ports[slot];
        switch ((Measurand)e.Detail)
        {
            case Measurand.EnergyActiveImportRegister:
                Reading(ref port, (uint)e.Value, t);
                break;
            case Measurand.PowerActiveImport:
                port.PeakW = Math.Max(port.PeakW, e.Value);
                break;
        }
    }

    /// <summary>An energy register reading: the first sets the session's start, each pair gives an average power.</summary>
    private static void Reading(ref SessionPort port, uint wh, long t)
    {
        if (!port.HasStartWh)
        {
            port.StartWh = wh;
            port.HasStartWh = true;
        }

        if (port.HasLastWh && t > port.LastWhMs)
        {
            // Unchecked: the register is kept modulo 2^32 (see TelemetryEvent).
            var deltaWh = (long)unchecked(wh - port.LastWh);
            var averageW = deltaWh * HourMs / (t - port.LastWhMs);
            port.DerivedPeakW = (int)Math.Min(Math.Max(port.DerivedPeakW, averageW), int.MaxValue);
        }

        port.LastWh = wh;
        port.LastWhMs = t;
        port.HasLastWh = true;
    }

    private static long EnergyWh(in SessionPort port) =>
        port.HasStartWh && port.HasLastWh ? unchecked(port.LastWh - port.StartWh) : -1;

    private static bool IsAuthorising(TriggerReason trigger) => trigger is TriggerReason.Authorized or TriggerReason.RemoteStart;

    private void OpenAttempt(ref SessionCharger charger, int slot, long t)
    {
        ref var port = ref _ports[slot];
        port.AttemptOpen = true;
        port.Authorised = false;
        port.AuthStatus = AuthorizationStatus.None;
        port.Attempts++;
        port.FirstOfVisit = !(charger.HasFailure && t - charger.LastFailureMs <= _visitGapMs);
        if (port.FirstOfVisit)
        {
            port.Visits++;
        }

        if (charger.PendingAuth && t - charger.PendingAuthMs < _startTimeoutMs)
        {
            charger.PendingAuth = false;
            ApplyAuth(_ports.ChargerOf(slot), ref charger, slot, charger.PendingStatus, charger.PendingAuthMs, t);
        }
    }

    /// <summary>Binds an Authorize verdict given at <paramref name="authMs"/> to the port's attempt, found at <paramref name="t"/>.</summary>
    private void ApplyAuth(int c, ref SessionCharger charger, int slot, AuthorizationStatus status, long authMs, long t)
    {
        ref var port = ref _ports[slot];
        port.AuthStatus = status;
        if (status == AuthorizationStatus.Accepted)
        {
            port.Authorised = true;
            port.AuthorisedMs = authMs;
            _timed.Add(c);
            port.SessionAuthorised |= port.InSession;
            return;
        }

        if (port.InSession)
        {
            // A 2.0.1 transaction opened on plug-in whose driver was refused: judged now, its stop says nothing more.
            port.StartRefused = true;
        }
        else
        {
            port.AttemptOpen = false;
        }

        Judge(c, ref charger, slot, t, Verdict.RejectedStart, StopReason.None);
    }

    /// <summary>The port an Authorize answer belongs to: a running unauthorised transaction, an open unauthorised attempt, or a port a driver occupies; -1 if none.</summary>
    private int PortAwaitingAuth(int c)
    {
        var occupied = -1;
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            ref var port = ref _ports[s];
            if (port.InSession ? !port.SessionAuthorised && !port.StartRefused : port.AttemptOpen && !port.Authorised)
            {
                return s;
            }

            if (!port.InSession && !port.AttemptOpen && !port.StatusFromLastSession && port.Status is ConnectorStatus.Preparing or ConnectorStatus.Occupied)
            {
                occupied = s;
            }
        }

        return occupied;
    }

    /// <summary>The charger's port when it has exactly one (connector 0 aside) and no session or attempt on it; -1 otherwise.</summary>
    private int OnlyIdlePort(int c)
    {
        var only = -1;
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            if (_ports.PortOf(s) == 0)
            {
                continue;
            }

            if (only >= 0)
            {
                return -1;
            }

            only = s;
        }

        return only >= 0 && !_ports[only].InSession && !_ports[only].AttemptOpen ? only : -1;
    }

    /// <summary>The port running the transaction an event reports: by 1.6 transactionId or 2.0.1 transactionId, else its port.</summary>
    private int FindSession(int c, in TelemetryEvent e)
    {
        var v201 = e.Version >= OcppVersion.V201;
        var fallback = -1;
        var running = 0;
        for (var s = _ports.First(c); s >= 0; s = _ports.Next(s))
        {
            ref var port = ref _ports[s];
            if (!port.InSession)
            {
                continue;
            }

            running++;
            if (v201 ? port.TransactionText == e.TextCode : !port.AwaitingTransactionId && port.TransactionId == e.Value2)
            {
                return s;
            }

            if (v201 ? _ports.PortOf(s) == e.Port : port.AwaitingTransactionId)
            {
                fallback = s;
            }
        }

        // A 1.6 stop whose start answer was missed: only safe when it is the charger's only running session.
        return v201 || running == 1 ? fallback : -1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Judge(int c, ref SessionCharger charger, int slot, long t, Verdict verdict, StopReason reason)
    {
        ref var port = ref _ports[slot];
        var success = verdict == Verdict.Success;
        switch (verdict)
        {
            case Verdict.Success:
                port.Successes++;
                if (port.FirstOfVisit)
                {
                    port.FirstAttemptSuccesses++;
                }

                break;
            case Verdict.FailedStart:
                port.FailedStarts++;
                break;
            case Verdict.RejectedStart:
                port.FailedStarts++;
                port.RejectedStarts++;
                break;
            default:
                port.EarlyTerminations++;
                port.LastEarlyReason = reason;
                break;
        }

        port.FirstOfVisit = false;
        if (!success)
        {
            charger.HasFailure = true;
            charger.LastFailureMs = t;
        }

        if (verdict == Verdict.RejectedStart && !_options.CountRejectedStarts)
        {
            return;
        }

        port.Outcomes.Add(t, verdict switch
        {
            Verdict.Success => SuccessTag,
            Verdict.EarlyTermination => EarlyTerminationTag,
            _ => FailedStartTag,
        });
        if (port.Raised)
        {
            if (!success)
            {
                port.EpisodeFailures++;
                port.SuccessesInRow = 0;
            }
            else if (++port.SuccessesInRow >= _options.SuccessesToClear)
            {
                Clear(c, ref port, _ports.PortOf(slot), t);
            }

            return;
        }

        if (success)
        {
            return;
        }

        var counts = port.Outcomes.CountAfter(t - _windowMs, FailureTags, out var firstMs);
        var failures = counts.Tag1 + counts.Tag2;
        if (failures < _options.FailuresToRaise || failures < _options.FailureShare * counts.Total)
        {
            return;
        }

        port.Raised = true;
        port.RaisedAtMs = t;
        port.EpisodeFailures = failures;
        port.SuccessesInRow = 0;
        _sink.OnSignal(new SignalValue(SignalTypes.SessionFailures, SignalState.Raised, t, Chargers.NameOf(c), _ports.PortOf(slot), SignalScope.Connector,
            new SignalEvidence
            {
                Count = failures,
                Attempts = counts.Total,
                FailedStarts = counts.Tag1,
                EarlyTerminations = counts.Tag2,
                Share = failures / (double)counts.Total,
                WindowMinutes = _windowMs / MinuteMs,
                FirstMs = firstMs,
                LastMs = t,
                StopReason = counts.Tag2 > 0 ? EnumText<StopReason>.Of(port.LastEarlyReason) : null,
            }));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Clear(int c, ref SessionPort port, ushort portId, long t)
    {
        port.Raised = false;
        _sink.OnSignal(new SignalValue(SignalTypes.SessionFailures, SignalState.Cleared, t, Chargers.NameOf(c), portId, SignalScope.Connector,
            new SignalEvidence
            {
                Count = port.EpisodeFailures,
                SinceMs = port.RaisedAtMs,
                DurationMinutes = (t - port.RaisedAtMs) / MinuteMs,
            }));
    }

    private void Emit(int c, int slot, long t, StopReason reason, SessionOutcome outcome)
    {
        ref var port = ref _ports[slot];
        var record = new SessionRecord(
            c,
            _ports.PortOf(slot),
            port.Version,
            port.TransactionId,
            port.TransactionText,
            port.StartMs,
            t,
            EnergyWh(port),
            port.PeakW >= 0 ? port.PeakW : port.DerivedPeakW,
            reason,
            port.AuthStatus,
            port.Errors,
            port.Offline,
            outcome);
        port.InSession = false;
        port.StatusFromLastSession = true;
        port.AttemptOpen = false;
        port.Authorised = false;
        port.SessionAuthorised = false;
        port.AwaitingTransactionId = false;
        _sink.OnSession(record);
    }

    private SessionCounts Counts(int slot)
    {
        ref var p = ref _ports[slot];
        return new SessionCounts(p.Attempts, p.Starts, p.Successes, p.FailedStarts, p.RejectedStarts, p.EarlyTerminations, p.Visits, p.FirstAttemptSuccesses);
    }

    private enum Verdict : byte
    {
        Success,
        FailedStart,
        RejectedStart,
        EarlyTermination,
    }

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes each charger's pending authorisation, every port's session and outcome history, the chargers with a timer and the counters.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        writer.Header(CheckpointSection.Sessions, FormatVersion);
        writer.Value(UnmatchedStops);
        writer.Value(UnattributedAuthorisations);
        _chargers.WriteTo(writer, ids);
        _timed.WriteTo(writer, ids);
        for (var s = 0; s < _ports.Count; s++)
        {
            ids.Text(_ports[s].TransactionText);
        }

        _ports.WriteTo(writer, ids);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        reader.Header(CheckpointSection.Sessions, FormatVersion);
        UnmatchedStops = reader.Value();
        UnattributedAuthorisations = reader.Value();
        _chargers.RestoreFrom(ref reader, map);
        _timed.RestoreFrom(ref reader, map);
        _ports.RestoreFrom(ref reader, map);
        for (var s = 0; s < _ports.Count; s++)
        {
            _ports[s].TransactionText = map.Text(_ports[s].TransactionText);
        }
    }
}
