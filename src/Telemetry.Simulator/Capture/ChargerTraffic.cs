using System.Text.Json;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Fleet;

namespace Telemetry.Simulator.Capture;

/*
 * The traffic of one charger, produced lazily in event-time order.
 *
 * Two small queues: scheduled actions (connect, heartbeat, fault start/end, next session step)
 * and records already emitted but not yet handed out. Every action emits records at or after its
 * own time and schedules follow-ups at or after it, so a pending record may be released as soon as
 * no action is due before it. Memory stays bounded by the number of ports, not by the days simulated.
 *
 * Invariants the ground truth relies on:
 *  - offline fault: "disconnected" at its start, nothing until "connected" at its end; heartbeats
 *    stop a few seconds before the start (a new connection epoch drops the old chain) and sessions
 *    are planned around the fault with a margin;
 *  - connector fault: StatusNotification Faulted at its start and Available at its end, and no
 *    session on that port overlaps it;
 *  - comms flapping: each drop is "disconnected" then "connected" with no BootNotification, and
 *    heartbeats resume; reset loop and planned reset: each drop is "disconnected", "connected",
 *    BootNotification at the planned time and Available per port; a planned reset starts with the
 *    CSMS's Reset. Heartbeats pause from 10 s before each drop (from the Reset, for a planned one)
 *    and no session runs from the start of these to their end;
 *  - library faults: their scripted steps (ScriptStep) are played at their times, each CALL
 *    getting a fresh message id; a forced session (SessionPlan) runs through the same steps as an
 *    ordinary one on a lane of its own, so it never disturbs the port's own plan, and no ordinary
 *    session runs on the ports a fault blocks. With the library on, the CSMS also sends ordinary
 *    TriggerMessages the charger answers, outside every fault of the charger.
 */
internal sealed class ChargerTraffic
{
    private const long SecondMs = 1000;
    private const long MinuteMs = 60 * SecondMs;
    private const long MeterIntervalMs = 15 * MinuteMs;

    // Upper bound on a session's span beyond its charging time (authorise, plug, unplug, release).
    private const long SessionOverheadMs = 15 * MinuteMs;
    private const long SessionMarginMs = 5 * MinuteMs;
    private const long QuietBeforeOfflineMs = 10 * SecondMs;
    private const double CommandsPerDay = 1.5;

    private readonly Random _random;
    private readonly PriorityQueue<ScheduledAction, (long TimeMs, long Sequence)> _actions = new();
    private readonly PriorityQueue<CaptureRecord, (long TimeMs, long Sequence)> _pending = new();
    private readonly PlannedFault[] _faults;
    private readonly Interruption[] _interruptions;
    private readonly PortState[] _ports;
    private readonly ScriptStep[] _steps;
    private readonly List<PortState> _forced = [];
    private readonly Random? _commandRandom;
    private readonly long _endMs;
    private readonly long _heartbeatMs;
    private readonly double _meanSessionGapMs;
    private readonly bool _v201;
    private readonly bool _library;
    private long _sequence;
    private int _messageId;
    private int _transaction;
    private int _epoch;

    /// <param name="faults">This charger's faults, sorted by start.</param>
    /// <param name="resets">This charger's planned resets, sorted by time.</param>
    public ChargerTraffic(
        ChargerProfile charger, SimulationOptions options, PlannedFault[] faults, ScheduledReset[] resets, long startMs, long endMs)
    {
        Charger = charger;
        EncodedId = JsonEncodedText.Encode(charger.Id);
        _random = new Random(SeedMixer.Derive(options.Seed, SeedStream.Traffic, charger.Index));
        _faults = faults;
        _interruptions = Interruptions(faults, resets);
        _endMs = endMs;
        _heartbeatMs = options.HeartbeatIntervalSeconds * SecondMs;
        _meanSessionGapMs = options.SessionsPerPortPerDay > 0 ? 24 * 60 * MinuteMs / options.SessionsPerPortPerDay : 0;
        _v201 = charger.Protocol == ProtocolVersion.Ocpp201;
        _library = options.UsesLibrary;
        _steps = Steps(faults);

        _ports = new PortState[charger.Ports];
        for (var i = 0; i < _ports.Length; i++)
        {
            var port = i + 1;
            _ports[i] = new PortState(port, Blocks(faults, resets, port), _random.NextInt64(0, 5_000_000));
        }

        Schedule(startMs + _random.Next(0, 30_000), new ScheduledAction(ActionKind.Connect, 1));
        for (var i = 0; i < faults.Length; i++)
        {
            // Flapping and reset loops play out through their interruptions alone, library faults through their steps.
            if (faults[i].Kind is FaultKind.Offline or FaultKind.ConnectorFaulted)
            {
                Schedule(faults[i].StartMs, new ScheduledAction(ActionKind.FaultStart, i));
                Schedule(faults[i].EndMs, new ScheduledAction(ActionKind.FaultEnd, i));
            }
        }

        for (var i = 0; i < resets.Length; i++)
        {
            Schedule(resets[i].CallMs, new ScheduledAction(ActionKind.ResetRequest, i));
        }

        for (var i = 0; i < _interruptions.Length; i++)
        {
            Schedule(_interruptions[i].DropMs, new ScheduledAction(ActionKind.Drop, i));
            Schedule(_interruptions[i].ReturnMs, new ScheduledAction(ActionKind.Return, i));
        }

        for (var i = 0; i < _steps.Length; i++)
        {
            Schedule(_steps[i].TimeMs, new ScheduledAction(ActionKind.Script, i));
        }

        if (_library)
        {
            // A stream of its own, so ordinary commands leave the rest of the charger's draws alone.
            _commandRandom = new Random(SeedMixer.Derive(options.Seed, SeedStream.Commands, charger.Index));
            var first = startMs + NextCommandGapMs();
            // Like every later one, the first command keeps a minute clear of the capture's end.
            if (first + MinuteMs < endMs)
            {
                Schedule(first, new ScheduledAction(ActionKind.Command, 0));
            }
        }
    }

    public ChargerProfile Charger { get; }

    public JsonEncodedText EncodedId { get; }

    /// <summary>Hands out the next record of this charger, or false when its traffic is over.</summary>
    public bool TryNext(out CaptureRecord record)
    {
        while (_actions.TryPeek(out var action, out var due)
            && (!_pending.TryPeek(out _, out var first) || due.TimeMs <= first.TimeMs))
        {
            _actions.Dequeue();
            Run(action, due.TimeMs);
        }

        return _pending.TryDequeue(out record, out _);
    }

    private void Run(ScheduledAction action, long timeMs)
    {
        switch (action.Kind)
        {
            case ActionKind.Connect:
                Connect(timeMs, initial: true);
                break;
            case ActionKind.Heartbeat:
                Heartbeat(action.Argument, timeMs);
                break;
            case ActionKind.FaultStart:
                StartFault(_faults[action.Argument], timeMs);
                break;
            case ActionKind.FaultEnd:
                EndFault(_faults[action.Argument], timeMs);
                break;
            case ActionKind.ResetRequest:
                RequestReset(timeMs);
                break;
            case ActionKind.Drop:
                Emit(new CaptureRecord(timeMs, RecordKind.Disconnected));
                _epoch++;
                break;
            case ActionKind.Return:
                Return(_interruptions[action.Argument], timeMs);
                break;
            case ActionKind.Script:
                RunStep(_steps[action.Argument], timeMs);
                break;
            case ActionKind.Command:
                OrdinaryCommand(timeMs);
                break;
            default:
                RunSession(action.Argument > 0 ? _ports[action.Argument - 1] : _forced[-action.Argument - 1], timeMs);
                break;
        }
    }

    /// <param name="bootMs">When to send BootNotification, or 0 for a short random delay.</param>
    private void Connect(long timeMs, bool initial, long bootMs = 0, int bootReason = BootReasons.PowerUp)
    {
        Emit(new CaptureRecord(timeMs, RecordKind.Connected));
        var t = bootMs != 0 ? bootMs : timeMs + _random.Next(300, 1500);
        Call(new CaptureRecord(t, RecordKind.BootNotification, Reason: bootReason), RecordKind.BootNotificationResult);
        t += _random.Next(500, 1500);

        // OCPP 1.6 §4.9: connector 0 stands for the charge point as a whole.
        for (var port = _v201 ? 1 : 0; port <= _ports.Length; port++)
        {
            Call(Status(t, port, PortStatus.Available), RecordKind.EmptyResult);
            t += _random.Next(100, 600);
        }

        _epoch++;
        ScheduleHeartbeat(t);
        if (initial)
        {
            foreach (var port in _ports)
            {
                PlanSession(port, t + MinuteMs);
            }
        }
    }

    private void Heartbeat(int epoch, long timeMs)
    {
        if (epoch != _epoch || timeMs + (5 * SecondMs) >= _endMs || IsGoingOffline(timeMs))
        {
            return;
        }

        Call(new CaptureRecord(timeMs, RecordKind.Heartbeat), RecordKind.HeartbeatResult);
        ScheduleHeartbeat(timeMs);
    }

    private void ScheduleHeartbeat(long afterMs) =>
        Schedule(afterMs + _heartbeatMs + _random.Next(-3000, 3001), new ScheduledAction(ActionKind.Heartbeat, _epoch));

    private bool IsGoingOffline(long timeMs)
    {
        foreach (var fault in _faults)
        {
            if (fault.Kind == FaultKind.Offline && timeMs >= fault.StartMs - QuietBeforeOfflineMs && timeMs < fault.EndMs)
            {
                return true;
            }
        }

        foreach (var interruption in _interruptions)
        {
            if (timeMs >= interruption.QuietFromMs && timeMs < interruption.ReturnMs)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The CSMS asks for a reset and the charger accepts; the drop and reboot are scheduled apart.</summary>
    private void RequestReset(long timeMs)
    {
        var id = ++_messageId;
        Emit(new CaptureRecord(timeMs, RecordKind.Reset, MessageId: id));
        Emit(new CaptureRecord(timeMs + _random.Next(50, 500), RecordKind.ResetResult, MessageId: id));
    }

    // OCPP: a charger that reconnects without rebooting sends no BootNotification, it just carries on.
    private void Return(Interruption interruption, long timeMs)
    {
        if (interruption.Reboots)
        {
            Connect(timeMs, initial: false, interruption.BootMs, interruption.BootReason);
            return;
        }

        Emit(new CaptureRecord(timeMs, RecordKind.Connected));
        _epoch++;
        ScheduleHeartbeat(timeMs);
    }

    private void RunStep(ScriptStep step, long timeMs)
    {
        switch (step.Op)
        {
            case ScriptOp.ChargerCall:
                Call(step.Record, step.Result);
                break;
            case ScriptOp.CsmsCall:
                var id = ++_messageId;
                Emit(step.Record with { MessageId = id });
                Emit(new CaptureRecord(timeMs + _random.Next(50, 500), step.Result, MessageId: id));
                break;
            case ScriptOp.CsmsCallUnanswered:
                Emit(step.Record with { MessageId = ++_messageId });
                break;
            default:
                StartForcedSession(step.Session, timeMs);
                break;
        }
    }

    private void StartForcedSession(SessionPlan plan, long timeMs)
    {
        var own = _ports[plan.Port - 1];
        var port = new PortState(plan.Port, [], own.RegisterWh) { Lane = -(_forced.Count + 1), Plan = plan };
        _forced.Add(port);
        port.Step = SessionStep.Begin;
        RunSession(port, timeMs);
    }

    /// <summary>
    /// The CSMS asks for a heartbeat now and then (TriggerMessage, answered Accepted, then the
    /// Heartbeat): the answered CALLs a half-dead charger is told apart from. None while the
    /// charger is away or inside one of its faults.
    /// </summary>
    private void OrdinaryCommand(long timeMs)
    {
        var next = timeMs + NextCommandGapMs();
        if (next + MinuteMs < _endMs)
        {
            Schedule(next, new ScheduledAction(ActionKind.Command, 0));
        }

        if (IsGoingOffline(timeMs) || InFault(timeMs))
        {
            return;
        }

        var id = ++_messageId;
        Emit(new CaptureRecord(timeMs, RecordKind.TriggerMessage, MessageId: id));
        var answered = timeMs + _commandRandom!.Next(50, 500);
        Emit(new CaptureRecord(answered, RecordKind.TriggerMessageResult, MessageId: id));
        Call(new CaptureRecord(answered + _commandRandom.Next(100, 1000), RecordKind.Heartbeat), RecordKind.HeartbeatResult);
    }

    private long NextCommandGapMs() =>
        (long)(-Math.Log(1 - _commandRandom!.NextDouble()) * 24 * 60 * MinuteMs / CommandsPerDay) + MinuteMs;

    private bool InFault(long timeMs)
    {
        foreach (var fault in _faults)
        {
            if (timeMs >= fault.StartMs - fault.LeadMs - MinuteMs && timeMs <= fault.EndMs + MinuteMs)
            {
                return true;
            }
        }

        return false;
    }

    private static ScriptStep[] Steps(PlannedFault[] faults)
    {
        var all = new List<ScriptStep>();
        foreach (var fault in faults)
        {
            all.AddRange(fault.Steps ?? []);
        }

        // Stable: steps of one time keep their scripted order.
        return [.. all.OrderBy(static s => s.TimeMs)];
    }

    private static Interruption[] Interruptions(PlannedFault[] faults, ScheduledReset[] resets)
    {
        var all = new List<Interruption>();
        foreach (var fault in faults)
        {
            all.AddRange(fault.Interruptions ?? []);
        }

        foreach (var reset in resets)
        {
            all.Add(reset.Reboot);
        }

        return [.. all];
    }

    private static Window[] Blocks(PlannedFault[] faults, ScheduledReset[] resets, int port)
    {
        var blocks = new List<Window>();
        foreach (var fault in faults)
        {
            if (fault.Blocks(port))
            {
                blocks.Add(new Window(fault.StartMs - fault.LeadMs, fault.EndMs));
            }
        }

        foreach (var reset in resets)
        {
            blocks.Add(new Window(reset.CallMs, reset.Reboot.BootMs));
        }

        blocks.Sort(static (a, b) => a.StartMs.CompareTo(b.StartMs));
        return [.. blocks];
    }

    private void StartFault(PlannedFault fault, long timeMs)
    {
        if (fault.Kind == FaultKind.Offline)
        {
            Emit(new CaptureRecord(timeMs, RecordKind.Disconnected));
            _epoch++;
            return;
        }

        var faulted = Status(timeMs, fault.Port, PortStatus.Faulted) with { Reason = _random.Next(CaptureVocabulary.FaultCodeCount) };
        Call(faulted, RecordKind.EmptyResult);
    }

    private void EndFault(PlannedFault fault, long timeMs)
    {
        if (fault.Kind == FaultKind.Offline)
        {
            Connect(timeMs, initial: false);
            return;
        }

        Call(Status(timeMs, fault.Port, PortStatus.Available), RecordKind.EmptyResult);
    }

    /// <summary>Schedules the port's next session after <paramref name="fromMs"/>, clear of its faults.</summary>
    private void PlanSession(PortState port, long fromMs)
    {
        if (_meanSessionGapMs <= 0)
        {
            return;
        }

        var start = fromMs + (long)(-Math.Log(1 - _random.NextDouble()) * _meanSessionGapMs);
        var duration = (_random.Next(15, 181) * MinuteMs) + _random.Next(0, 60_000);
        while (true)
        {
            var windowStart = start - SessionMarginMs;
            var windowEnd = start + duration + SessionOverheadMs + SessionMarginMs;
            if (windowEnd > _endMs)
            {
                return;
            }

            var clear = true;
            foreach (var block in port.Blocks)
            {
                if (windowStart < block.EndMs && block.StartMs < windowEnd)
                {
                    start = block.EndMs + (_random.Next(10, 61) * MinuteMs) + _random.Next(0, 60_000);
                    clear = false;
                    break;
                }
            }

            if (clear)
            {
                break;
            }
        }

        port.Step = SessionStep.Begin;
        port.DurationMs = duration;
        Schedule(start, new ScheduledAction(ActionKind.Session, port.Port));
    }

    private void RunSession(PortState port, long timeMs)
    {
        switch (port.Step)
        {
            case SessionStep.Begin:
                port.Token = (uint)_random.NextInt64(0, 1L << 32);
                var status = port.Plan?.AuthStatus ?? CaptureVocabulary.AuthAccepted;
                Call(new CaptureRecord(timeMs, RecordKind.Authorize, Token: port.Token, Variant: status), RecordKind.AuthorizeResult);
                if (status == CaptureVocabulary.AuthAccepted)
                {
                    Next(port, SessionStep.Plug, timeMs + _random.Next(2000, 8000));
                }

                break;
            case SessionStep.Plug:
                Call(Status(timeMs, port.Port, _v201 ? PortStatus.Occupied : PortStatus.Preparing), RecordKind.EmptyResult);
                Next(port, SessionStep.Start, timeMs + _random.Next(5000, 20_000));
                break;
            case SessionStep.Start:
                StartTransaction(port, timeMs);
                Next(port, SessionStep.Charging, timeMs + _random.Next(1000, 3000));
                break;
            case SessionStep.Charging:
                if (_v201)
                {
                    Call(TransactionEvent(port, TransactionStep.Charging, timeMs, port.EnergyAt(timeMs), port.PowerW), RecordKind.TransactionEventResult);
                }
                else
                {
                    Call(Status(timeMs, port.Port, PortStatus.Charging), RecordKind.EmptyResult);
                }

                ScheduleMeterOrStop(port, timeMs);
                break;
            case SessionStep.Meter:
                // A charger without a connection sends no meter values.
                if (!IsGoingOffline(timeMs))
                {
                    SendMeterValues(port, timeMs);
                }

                ScheduleMeterOrStop(port, timeMs);
                break;
            case SessionStep.Stop when port.Plan is { HeldUntilMs: var held } && held > timeMs:
                // Stopped while disconnected: the stop is sent once the connection is back.
                port.StoppedAtMs = timeMs;
                Next(port, SessionStep.Stop, held + _random.Next(1000, 5000));
                break;
            case SessionStep.Stop:
                StopTransaction(port, timeMs);
                break;
            case SessionStep.Finishing:
                Call(Status(timeMs, port.Port, PortStatus.Finishing), RecordKind.EmptyResult);
                Next(port, SessionStep.Release, timeMs + UnplugDelay(port));
                break;
            default:
                Call(Status(timeMs, port.Port, PortStatus.Available), RecordKind.EmptyResult);
                if (port.Plan is null)
                {
                    PlanSession(port, timeMs);
                }

                break;
        }
    }

    private void StartTransaction(PortState port, long timeMs)
    {
        port.Transaction = ++_transaction;
        port.MeterStartWh = port.RegisterWh;
        // With the library on, healthy chargers deliver most of their rating, so a derated one stands out.
        var share = _library ? 0.7 + (0.25 * _random.NextDouble()) : 0.3 + (0.6 * _random.NextDouble());
        port.PowerW = port.Plan is { PowerW: > 0 } plan ? plan.PowerW : (int)(Charger.MaxPowerKw * 1000 * share);
        port.OfferedW = !_library ? 0 : port.Plan is { OfferedW: > 0 } offered ? offered.OfferedW : Charger.MaxPowerKw * 1000;
        port.ChargeStartMs = timeMs;
        port.StopMs = port.Plan is { StopAtMs: > 0 } stop ? Math.Max(stop.StopAtMs, timeMs + SecondMs) : timeMs + port.DurationMs;
        port.SeqNo = 0;
        if (_v201)
        {
            Call(TransactionEvent(port, TransactionStep.Started, timeMs, port.MeterStartWh, 0), RecordKind.TransactionEventResult);
        }
        else
        {
            var start = new CaptureRecord(
                timeMs, RecordKind.StartTransaction, Port: port.Port, Transaction: port.Transaction, EnergyWh: port.MeterStartWh, Token: port.Token);
            Call(start, RecordKind.StartTransactionResult);
        }
    }

    private void SendMeterValues(PortState port, long timeMs)
    {
        var energy = port.EnergyAt(timeMs);
        var power = (int)(port.PowerW * (0.97 + (0.06 * _random.NextDouble())));
        if (port.OfferedW > 0)
        {
            power = Math.Min(power, port.OfferedW);
        }

        if (_v201)
        {
            Call(TransactionEvent(port, TransactionStep.Meter, timeMs, energy, power), RecordKind.TransactionEventResult);
            return;
        }

        var meter = new CaptureRecord(
            timeMs, RecordKind.MeterValues, Port: port.Port, Transaction: port.Transaction, EnergyWh: energy, PowerW: power, OfferedW: port.OfferedW);
        Call(meter, RecordKind.EmptyResult);
    }

    private void StopTransaction(PortState port, long timeMs)
    {
        var stoppedMs = port.StoppedAtMs != 0 ? port.StoppedAtMs : timeMs;
        var energy = port.EnergyAt(stoppedMs);
        port.RegisterWh = energy;
        var drawn = _random.Next(CaptureVocabulary.StopReasonCount);
        port.StopReason = port.Plan?.StopReason ?? drawn;
        if (port.Plan is not null)
        {
            _ports[port.Port - 1].RegisterWh = energy;
        }

        var queuedMs = port.StoppedAtMs;
        if (_v201)
        {
            var ended = TransactionEvent(port, TransactionStep.Ended, timeMs, energy, 0) with { Reason = port.StopReason, EventMs = queuedMs };
            Call(ended, RecordKind.TransactionEventResult);
            Next(port, SessionStep.Release, timeMs + UnplugDelay(port));
            return;
        }

        var stop = new CaptureRecord(
            timeMs, RecordKind.StopTransaction, Transaction: port.Transaction, EnergyWh: energy, Reason: port.StopReason, Token: port.Token, EventMs: queuedMs);
        Call(stop, RecordKind.StopTransactionResult);
        Next(port, SessionStep.Finishing, timeMs + _random.Next(1000, 5000));
    }

    private void ScheduleMeterOrStop(PortState port, long timeMs)
    {
        var elapsed = timeMs - port.ChargeStartMs;
        var nextMeter = port.ChargeStartMs + (((elapsed / MeterIntervalMs) + 1) * MeterIntervalMs);
        if (nextMeter < port.StopMs)
        {
            Next(port, SessionStep.Meter, nextMeter);
        }
        else
        {
            Next(port, SessionStep.Stop, Math.Max(port.StopMs, timeMs + 1));
        }
    }

    // A driver who stopped locally takes a while to unplug; a departed EV already has.
    private long UnplugDelay(PortState port) =>
        port.StopReason == 0 ? _random.Next(30_000, 600_000) : _random.Next(1000, 5000);

    private static CaptureRecord TransactionEvent(PortState port, TransactionStep step, long timeMs, long energyWh, int powerW) =>
        new(timeMs, RecordKind.TransactionEvent, Port: port.Port, Transaction: port.Transaction, EnergyWh: energyWh,
            PowerW: powerW, Variant: (int)step, Token: port.Token, SeqNo: port.SeqNo++,
            OfferedW: step is TransactionStep.Charging or TransactionStep.Meter ? port.OfferedW : 0);

    private static CaptureRecord Status(long timeMs, int port, PortStatus status) =>
        new(timeMs, RecordKind.StatusNotification, Port: port, Variant: (int)status);

    private void Next(PortState port, SessionStep step, long timeMs)
    {
        port.Step = step;
        Schedule(timeMs, new ScheduledAction(ActionKind.Session, port.Lane));
    }

    /// <summary>Emits a CALL and the CSMS's CALLRESULT a few milliseconds later, with the same message id.</summary>
    private void Call(CaptureRecord call, RecordKind resultKind)
    {
        var id = ++_messageId;
        Emit(call with { MessageId = id });
        var result = new CaptureRecord(
            call.TimeMs + _random.Next(20, 250), resultKind, MessageId: id, Transaction: call.Transaction, Variant: call.Variant);
        Emit(result);
    }

    private void Emit(CaptureRecord record) => _pending.Enqueue(record, (record.TimeMs, _sequence++));

    private void Schedule(long timeMs, ScheduledAction action) => _actions.Enqueue(action, (timeMs, _sequence++));
}
