using Telemetry.Simulator.Capture;

namespace Telemetry.Simulator.Faults;

/// <summary>Faults of one charger or one of its ports.</summary>
internal sealed partial class LibraryPlanner
{
    /// <summary>
    /// Heartbeats go on, but the CSMS's CALLs (TriggerMessage, and one 1.6 ChangeConfiguration or
    /// 2.0.1 GetVariables) get no answer for one to two hours: the first at the start, the last at
    /// the end, and in between every 8 to 15 minutes, as a CSMS that gets no answer asks again.
    /// </summary>
    private void PlaceHalfDead()
    {
        var span = Minutes(60, 120);
        if (!TryFindCharger(span, 0, 0, out var charger, out var start))
        {
            return;
        }

        Take(charger, start, start + span);
        Add(FaultKind.HalfDead, [charger], 0, start, start + span);
        var times = new List<long>();
        for (var t = start; t < start + span - (5 * MinuteMs); t += Minutes(8, 15))
        {
            times.Add(t);
        }

        times.Add(start + span);
        var configuration = _random.Next(1, times.Count - 1);
        var steps = new List<ScriptStep>(times.Count);
        for (var i = 0; i < times.Count; i++)
        {
            var kind = i == configuration ? RecordKind.Configuration : RecordKind.TriggerMessage;
            steps.Add(new ScriptStep(ScriptOp.CsmsCallUnanswered, new CaptureRecord(times[i], kind)));
        }

        AddPart(FaultKind.HalfDead, charger, 0, start, start + span, null, steps);
    }

    /// <summary>
    /// One alarm code on one port, raised for a few minutes and cleared, 4 to 6 times within a
    /// day: 1.6 StatusNotification Available with the errorCode and vendorErrorCode, then NoError;
    /// 2.0.1 NotifyEvent on the port's Connector component with the techCode, then cleared.
    /// </summary>
    private void PlaceRecurringAlarm()
    {
        var span = Minutes(6 * 60, 20 * 60);
        var occurrences = _random.Next(4, 7);
        var code = _random.Next(CaptureVocabulary.AlarmCodeCount);
        // alarm.recurring stays raised a window after the last raise: the incident is open until then and its hold period.
        if (!TryFindCharger(span, 0, PatternTailMs, out var charger, out var start))
        {
            return;
        }

        Take(charger, start, start + span + PatternTailMs);
        var port = _random.Next(1, _chargers[charger].Ports + 1);
        var v201 = IsV201(charger);
        Add(FaultKind.RecurringAlarm, [charger], port, start, start + span).ErrorCode =
            System.Text.Encoding.UTF8.GetString(v201 ? CaptureVocabulary.AlarmVariable(code) : CaptureVocabulary.AlarmErrorCode(code));
        var share = span / occurrences;
        var steps = new List<ScriptStep>(2 * occurrences);
        for (var i = 0; i < occurrences; i++)
        {
            var raised = start + (i * share) + (i == 0 ? 0 : Seconds(0, (int)(share / 2 / SecondMs)));
            var cleared = raised + Minutes(2, 10) + Seconds(0, 59);
            if (v201)
            {
                steps.Add(ChargerCall(new CaptureRecord(raised, RecordKind.NotifyEvent, Port: port, Reason: code + 1, Transaction: (2 * i) + 1)));
                steps.Add(ChargerCall(new CaptureRecord(cleared, RecordKind.NotifyEvent, Port: port, Reason: code + 1, Variant: 1, Transaction: (2 * i) + 2)));
            }
            else
            {
                steps.Add(ChargerCall(Status(raised, port, PortStatus.Available, code + 1)));
                steps.Add(ChargerCall(Status(cleared, port, PortStatus.Available)));
            }
        }

        AddPart(FaultKind.RecurringAlarm, charger, port, start, start + span, null, steps);
    }

    /// <summary>
    /// A port whose every session stops 30 to 90 s after it starts, under 0.1 kWh, with an
    /// abnormal reason (EVDisconnected, PowerLoss, EmergencyStop, Other), for 12 to 24 hours: a
    /// broken contactor or cable stays broken until someone comes. Drivers arrive every 3 to 6
    /// hours, the port's usual four to eight a day, and each tries one to three times a few
    /// minutes apart; the fault replaces the port's own sessions.
    /// </summary>
    private void PlaceEarlyTermination()
    {
        var span = Minutes(12 * 60, 24 * 60);
        if (!TryFindCharger(span, 0, 0, out var charger, out var start))
        {
            return;
        }

        Take(charger, start, start + span);
        var port = _random.Next(1, _chargers[charger].Ports + 1);
        Add(FaultKind.EarlyTermination, [charger], port, start, start + span);
        var steps = new List<ScriptStep>();
        for (var driver = start; driver < start + span - (30 * MinuteMs); driver += Minutes(3 * 60, 6 * 60))
        {
            var begin = driver;
            for (var attempt = _random.Next(1, 4); attempt > 0; attempt--)
            {
                // Authorize, plug and start take at most 28 s; the stop follows 30 to 90 s later.
                var stopAt = begin + (28 * SecondMs) + Seconds(30, 90);
                var reason = CaptureVocabulary.AbnormalStopReason(_random.Next(CaptureVocabulary.AbnormalStopReasonCount));
                steps.Add(Session(begin, new SessionPlan(port, CaptureVocabulary.AuthAccepted, stopAt, _random.Next(500, 3001), 0, reason)));
                begin = stopAt + Minutes(3, 8);
            }
        }

        AddPart(FaultKind.EarlyTermination, charger, port, start, start + span, null, steps);
    }

    /// <summary>
    /// A reader that refuses every card (Invalid or Blocked at Authorize) for a day to a day and
    /// a half, until someone comes; the rest of the fleet accepts. Drivers arrive every two to
    /// four hours, a charger's usual rate, and each tries one to three times, a few minutes apart;
    /// the fault replaces the charger's own sessions.
    /// </summary>
    private void PlaceReaderAuthFailure()
    {
        var span = Minutes(24 * 60, 36 * 60);
        if (!TryFindCharger(span, 0, 0, out var charger, out var start))
        {
            return;
        }

        Take(charger, start, start + span);
        Add(FaultKind.ReaderAuthFailure, [charger], 0, start, start + span);
        var steps = new List<ScriptStep>();
        for (var driver = start; driver < start + span - (30 * MinuteMs); driver += Minutes(2 * 60, 4 * 60))
        {
            var port = _random.Next(1, _chargers[charger].Ports + 1);
            var begin = driver;
            for (var attempt = _random.Next(1, 4); attempt > 0; attempt--)
            {
                var status = _random.Next(2) == 0 ? CaptureVocabulary.AuthInvalid : CaptureVocabulary.AuthBlocked;
                steps.Add(Session(begin, new SessionPlan(port, status, 0, 0, 0, 0)));
                begin += Minutes(3, 6);
            }
        }

        AddPart(FaultKind.ReaderAuthFailure, charger, 0, start, start + span, null, steps);
    }

    /// <summary>
    /// A port goes Faulted; the CSMS sends Reset (1.6 Hard, 2.0.1 Immediate), accepted; the
    /// charger drops, reconnects and boots (2.0.1 RemoteReset) and reports its ports Available.
    /// When it holds, nothing happens on the charger for a day; when it fails, the same fault
    /// returns one to three hours after each of 2 or 3 restarts, and the last Faulted period
    /// ends with the port Available again (repaired on site).
    /// </summary>
    private void PlaceRestart(bool holds)
    {
        var cycles = holds ? 1 : _random.Next(2, 4);
        var code = _random.Next(CaptureVocabulary.FaultCodeCount);
        var faulted = new long[cycles];
        var resets = new long[cycles];
        var t = 0L;
        for (var i = 0; i < cycles; i++)
        {
            faulted[i] = t;
            resets[i] = t + Minutes(holds ? 20 : 15, holds ? 90 : 45);
            t = resets[i] + (3 * MinuteMs) + (holds ? 0 : Minutes(60, 180));
        }

        var repair = holds ? 0 : Minutes(30, 90);
        var span = t + repair;
        // A Faulted connector of the same cause within the hold period would reopen this incident (or it that one's):
        // the reservation keeps everything else on the charger the hold period and an hour away, placed before or after.
        var apart = SeparationMs - GapMs;
        // A restart that holds has its quiet day inside the capture, so its incident resolves there as remotely recovered.
        var quiet = holds ? DayMs : 0;
        // A restart that fails leaves restart.ineffective raised for the detector's window, so its incident stays open
        // that long and would absorb any later fault of the same cause on the connector: the charger keeps nothing after it.
        var tail = holds ? apart : RestartWindowMs;
        if (!TryFindCharger(span + quiet, apart, tail, out var charger, out var start))
        {
            return;
        }

        Take(charger, start - apart, start + span + quiet + tail);
        var port = _random.Next(1, _chargers[charger].Ports + 1);
        var fault = Add(holds ? FaultKind.RestartHolds : FaultKind.RestartFails, [charger], port, start, start + span);
        if (IsV201(charger))
        {
            fault.CodeUnreported = true;
        }
        else
        {
            fault.ErrorCode = System.Text.Encoding.UTF8.GetString(CaptureVocabulary.FaultErrorCode(code));
        }
        var steps = new List<ScriptStep>();
        var interruptions = new Interruption[cycles];
        var portDown = 0L;
        var othersDown = 0L;
        for (var i = 0; i < cycles; i++)
        {
            var reset = start + resets[i];
            var drop = reset + Seconds(10, 60);
            var back = reset + (3 * MinuteMs);
            var boot = back + _random.Next(300, 1500);
            steps.Add(ChargerCall(Status(start + faulted[i], port, PortStatus.Faulted, code)));
            steps.Add(CsmsCall(new CaptureRecord(reset, RecordKind.Reset, Variant: 1), RecordKind.ResetResult));
            interruptions[i] = new Interruption(reset - QuietMs, drop, back, boot, BootReasons.RemoteReset);
            portDown += boot + SecondMs - (start + faulted[i]);
            othersDown += boot + SecondMs - drop;
        }

        if (!holds)
        {
            steps.Add(ChargerCall(Status(start + t, port, PortStatus.Faulted, code)));
            steps.Add(ChargerCall(Status(start + t + repair, port, PortStatus.Available)));
            portDown += repair;
        }

        AddPart(fault.Kind, charger, 0, start, start + span, interruptions, steps);
        for (var p = 1; p <= _chargers[charger].Ports; p++)
        {
            fault.Downtime.Add((charger, p, p == port ? portDown : othersDown));
        }
    }

    /// <summary>
    /// Two or three sessions on one port where Power.Offered stays at 45-50 % of the model's
    /// rating and Power.Active.Import at 25-45 %, each charging 45 to 120 minutes; elsewhere the
    /// model is offered its full rating.
    /// </summary>
    private void PlacePowerDerating()
    {
        var sessions = _random.Next(2, 4);
        var offsets = new long[sessions];
        var stops = new long[sessions];
        var t = 0L;
        for (var i = 0; i < sessions; i++)
        {
            offsets[i] = t;
            stops[i] = t + (28 * SecondMs) + Minutes(45, 120);
            t = stops[i] + Minutes(20, 60);
        }

        var span = RoundUp(stops[^1] + (5 * MinuteMs));
        if (!TryFindCharger(span, 0, 0, out var charger, out var start))
        {
            return;
        }

        Take(charger, start, start + span);
        var port = _random.Next(1, _chargers[charger].Ports + 1);
        Add(FaultKind.PowerDerating, [charger], port, start, start + span);
        var rated = _chargers[charger].MaxPowerKw * 1000;
        var steps = new List<ScriptStep>(sessions);
        for (var i = 0; i < sessions; i++)
        {
            var offered = (int)(rated * (0.45 + (0.05 * _random.NextDouble())));
            var drawn = (int)(rated * (0.25 + (0.2 * _random.NextDouble())));
            steps.Add(Session(start + offsets[i], new SessionPlan(port, CaptureVocabulary.AuthAccepted, start + stops[i], drawn, offered, 1)));
        }

        AddPart(FaultKind.PowerDerating, charger, port, start, start + span, null, steps);
    }

    /// <summary>
    /// The CSMS sends ChangeAvailability Inoperative for one port (accepted), the port reports
    /// Unavailable; two to six hours later ChangeAvailability Operative, and Available.
    /// </summary>
    private void PlaceScheduledMaintenance()
    {
        var span = Minutes(120, 360);
        if (!TryFindCharger(span, 0, 0, out var charger, out var start))
        {
            return;
        }

        Take(charger, start, start + span);
        var port = _random.Next(1, _chargers[charger].Ports + 1);
        var fault = Add(FaultKind.ScheduledMaintenance, [charger], port, start, start + span, excluded: true);
        var down = Seconds(1, 3);
        var up = Seconds(1, 3);
        List<ScriptStep> steps =
        [
            CsmsCall(new CaptureRecord(start, RecordKind.ChangeAvailability, Port: port), RecordKind.ChangeAvailabilityResult),
            ChargerCall(Status(start + down, port, PortStatus.Unavailable)),
            CsmsCall(new CaptureRecord(start + span, RecordKind.ChangeAvailability, Port: port, Variant: 1), RecordKind.ChangeAvailabilityResult),
            ChargerCall(Status(start + span + up, port, PortStatus.Available)),
        ];
        AddPart(FaultKind.ScheduledMaintenance, charger, port, start, start + span + MinuteMs, null, steps);
        fault.Downtime.Add((charger, port, span + up - down));
    }
}
