using System.Runtime.InteropServices;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Comms;
using Telemetry.Engine.Health;
using Telemetry.Engine.Resets;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Uptime;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Rollups;

/*
 * Minute activity, one instance per partition (single-threaded), downstream of the detectors.
 *
 * Events (after the detectors have seen them) add counters to the bucket of their minute, per
 *   port and per charger. A port's availability minute (ConnectorRollup) closes a few heartbeat
 *   intervals after its events, so buckets wait, keyed by minute, until the rollup arrives; then:
 *     excluded = min(down, time of the minute inside an exclusion window), taken from down (the
 *       part not offline first), so that up + down + excluded + unknown stays 60,000;
 *     health = HealthScore over the minute (docs/contracts.md);
 *   and the complete minute goes to the sink. Activity dated in a minute already emitted (a
 *   reordered event) counts in the port's next minute.
 * Charger-minute: complete when every port that existed in the minute (first StatusNotification
 *   at or before it) has sent it; time split of its best port, counters summed with the
 *   charger's own (boots, disconnects, unanswered CALLs), health of its worst port. A port first
 *   seen in a minute its charger already closed joins from its next minute.
 * Boots planned/unplanned, session starts and unanswered CALLs are what the reset, session and
 *   unanswered-calls detectors decided: read from their counters after each event, not decided again.
 */

/// <summary>Turns availability minutes and events into full 1-minute rollups per connector and per charger, with exclusions and the health score.</summary>
public sealed partial class MinuteActivity : ICheckpointState
{
    private const long MinuteMs = 60_000;

    /// <summary>A meter step larger than this between two readings is a replaced meter or a reset register, not energy.</summary>
    private const uint MaxEnergyStepWh = 1_000_000;

    private readonly ExclusionCalendar _exclusions;
    private readonly IMinuteActivitySink _sink;
    private readonly SessionDetector? _sessions;
    private readonly ResetDetector? _resets;
    private readonly UnansweredCallsDetector? _calls;
    private readonly long _recentMs;
    private readonly Dictionary<(int Charger, ushort Port), PortActivity> _ports = [];
    private readonly Dictionary<int, ChargerActivity> _chargers = [];
    private readonly Dictionary<(int Charger, ushort Port, long Minute), ActivityCounts> _portCounts = [];
    private readonly Dictionary<(int Charger, long Minute), ActivityCounts> _chargerCounts = [];
    private long _unanswered;

    /// <param name="sessions">Source of session starts; without it every SessionStarted event counts as one.</param>
    /// <param name="resets">Source of boot classification; without it boots are not counted.</param>
    /// <param name="calls">Source of unanswered CALLs; without it they are not counted.</param>
    public MinuteActivity(
        ExclusionCalendar exclusions,
        HealthOptions health,
        IMinuteActivitySink sink,
        SessionDetector? sessions = null,
        ResetDetector? resets = null,
        UnansweredCallsDetector? calls = null)
    {
        ArgumentNullException.ThrowIfNull(exclusions);
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(sink);
        health.Validate();
        _exclusions = exclusions;
        _sink = sink;
        _sessions = sessions;
        _resets = resets;
        _calls = calls;
        _recentMs = (long)health.RecentWindow.TotalMilliseconds;
    }

    /// <summary>Counts an event; call after the detectors named in the constructor have seen it.</summary>
    public void OnEvent(in TelemetryEvent e)
    {
        var t = e.TimestampMs;
        switch (e.Kind)
        {
            case EventKind.Status when e.Port == 0:
                OnStationStatus(e, t);
                break;
            case EventKind.Status:
                OnPortStatus(e, t);
                break;
            case EventKind.Alert:
                OnAlert(e, t);
                break;
            case EventKind.SessionStarted when e.Port != 0:
                OnSessionStarted(e, t);
                break;
            case EventKind.SessionStopped when e.Port != 0:
                var stopped = PortOf(e.Charger, e.Port);
                if (stopped.HasEnergy && e.Value > 0)
                {
                    AddEnergy(stopped, (uint)e.Value, t);
                }

                stopped.HasEnergy = false;
                break;
            case EventKind.Meter when e.Port != 0:
                OnMeter(e, t);
                break;
            case EventKind.Boot when _resets is not null:
                OnBoot(e.Charger, t);
                break;
            case EventKind.Disconnected:
                var charger = ChargerOf(e.Charger);
                ChargerBucket(e.Charger, charger, t).Disconnects++;
                charger.CommsTroubles.Add(t, t - (2 * _recentMs));
                break;
            case EventKind.Command when e.Origin == EventOrigin.Csms && (CommandAction)e.Detail == CommandAction.ChangeAvailability:
                OnChangeAvailability(e, t);
                break;
        }

        if (_calls is not null && _calls.UnansweredCalls > _unanswered)
        {
            // The unanswered-calls detector expires only the calls of the charger whose event it is handling.
            var found = (int)(_calls.UnansweredCalls - _unanswered);
            _unanswered = _calls.UnansweredCalls;
            var charger = ChargerOf(e.Charger);
            ChargerBucket(e.Charger, charger, t).UnansweredCalls += found;
            charger.CommsTroubles.Add(t, t - (2 * _recentMs));
        }
    }

    /// <summary>Counts an ended session in the minute it ended.</summary>
    public void OnSession(in SessionRecord session)
    {
        var port = PortOf(session.Charger, session.Port);
        ref var counts = ref PortBucket(port, session.EndMs);
        switch (session.Outcome)
        {
            case SessionOutcome.Succeeded:
                counts.SessionsSucceeded++;
                break;
            case SessionOutcome.EarlyTermination or SessionOutcome.RejectedStart:
                counts.SessionsFailed++;
                port.FailedSessions.Add(session.EndMs, session.EndMs - (2 * _recentMs));
                break;
        }
    }

    /// <summary>Completes a port's minute with its counters, exclusions and health, and passes it on.</summary>
    public void OnRollup(in ConnectorRollup rollup)
    {
        var port = PortOf(rollup.Charger, rollup.Port);
        var charger = ChargerOf(rollup.Charger);
        if (!port.HasStatus && port.NextMinuteMs == 0)
        {
            // A port the availability detector created without a status this stage saw: count it from here.
            charger.AddPort(rollup.Port, rollup.MinuteStartMs);
            port.HasStatus = true;
        }

        _portCounts.Remove((rollup.Charger, rollup.Port, rollup.MinuteStartMs), out var counts);
        port.NextMinuteMs = rollup.MinuteStartMs + MinuteMs;
        var endMs = rollup.MinuteStartMs + MinuteMs;

        // 23 CFR 680.116(b): excluded outage time leaves down (the part not offline first) for excluded.
        var covered = _exclusions.CoveredMs(rollup.Charger, rollup.Port, rollup.MinuteStartMs, endMs);
        var excluded = Math.Min(rollup.DownMs, covered);
        var fromOffline = Math.Max(0, excluded - (rollup.DownMs - rollup.OfflineMs));
        var downMs = rollup.DownMs - excluded;
        var afterMs = endMs - _recentMs;
        var health = HealthScore.Compute(new HealthInputs(
            downMs,
            rollup.UpMs + rollup.DownMs,
            port.AlarmDuring(rollup.MinuteStartMs, endMs) || HasStationAlarm(charger),
            charger.UnplannedBoots.Any(afterMs, endMs),
            port.FailedSessions.Any(afterMs, endMs),
            charger.CommsTroubles.Any(afterMs, endMs)));
        var minute = rollup with
        {
            DownMs = downMs,
            OfflineMs = rollup.OfflineMs - fromOffline,
            ExcludedMs = rollup.ExcludedMs + excluded,
            StatusChanges = counts.StatusChanges,
            SessionsStarted = counts.SessionsStarted,
            SessionsSucceeded = counts.SessionsSucceeded,
            SessionsFailed = counts.SessionsFailed,
            EnergyWh = counts.EnergyWh,
            PeakPowerW = counts.PeakPowerW,
            AlarmsRaised = counts.AlarmsRaised,
            Health = health,
        };
        _sink.OnConnectorMinute(minute);

        if (minute.MinuteStartMs > charger.LastEmittedMs)
        {
            charger.PartialFor(minute.MinuteStartMs).Add(minute);
            EmitComplete(rollup.Charger, charger, inputEnded: false);
        }
    }

    /// <summary>Ends the input: emits every charger-minute still waiting for a port (call after the availability detector's Finish).</summary>
    public void Finish()
    {
        var chargers = new List<int>(_chargers.Keys);
        chargers.Sort();
        foreach (var c in chargers)
        {
            EmitComplete(c, _chargers[c], inputEnded: true);
        }
    }

    private static bool HasStationAlarm(ChargerActivity charger) =>
        charger.StationError is not (ErrorCode.None or ErrorCode.NoError);

    private static bool IsAlarm(ErrorCode error) => error is not (ErrorCode.None or ErrorCode.NoError);

    private static long MinuteOf(long t) => t - (((t % MinuteMs) + MinuteMs) % MinuteMs);

    private void OnStationStatus(in TelemetryEvent e, long t)
    {
        var charger = ChargerOf(e.Charger);
        ref var counts = ref ChargerBucket(e.Charger, charger, t);
        if (charger.StationStatus != e.Status && charger.StationStatus != ConnectorStatus.None)
        {
            counts.StatusChanges++;
        }

        if (IsAlarm(e.Error) && e.Error != charger.StationError)
        {
            counts.AlarmsRaised++;
        }

        charger.StationStatus = e.Status;
        charger.StationError = IsAlarm(e.Error) ? e.Error : ErrorCode.None;
    }

    private void OnPortStatus(in TelemetryEvent e, long t)
    {
        var port = PortOf(e.Charger, e.Port);
        if (!port.HasStatus)
        {
            // The availability detector creates the port on this event, with its first minute here.
            ChargerOf(e.Charger).AddPort(e.Port, Math.Max(MinuteOf(t), port.NextMinuteMs));
        }

        ref var counts = ref PortBucket(port, t);
        if (port.HasStatus && port.Status != e.Status)
        {
            counts.StatusChanges++;
        }

        if (IsAlarm(e.Error))
        {
            if (e.Error != port.OpenError)
            {
                counts.AlarmsRaised++;
            }

            port.OpenAlarm(t);
            port.OpenError = e.Error;
        }
        else
        {
            port.CloseAlarm(t);
            port.OpenError = ErrorCode.None;
        }

        port.HasStatus = true;
        port.Status = e.Status;
    }

    private void OnAlert(in TelemetryEvent e, long t)
    {
        if (e.Port == 0)
        {
            if (!e.Cleared)
            {
                ChargerBucket(e.Charger, ChargerOf(e.Charger), t).AlarmsRaised++;
            }

            return;
        }

        var port = PortOf(e.Charger, e.Port);
        if (e.Cleared)
        {
            port.CloseAlarm(t);
            return;
        }

        PortBucket(port, t).AlarmsRaised++;
        port.OpenAlarm(t);
    }

    private void OnSessionStarted(in TelemetryEvent e, long t)
    {
        var port = PortOf(e.Charger, e.Port);
        var started = 1;
        if (_sessions is not null)
        {
            var starts = _sessions.CountsOf(e.Charger, e.Port).Starts;
            started = starts - port.Starts;
            port.Starts = starts;
        }

        if (started > 0)
        {
            PortBucket(port, t).SessionsStarted += started;
        }

        // meterStart (1.6) is the session's first reading; 2.0.1 starts carry none.
        port.HasEnergy = e.Value > 0;
        port.LastEnergyWh = (uint)e.Value;
    }

    private void OnMeter(in TelemetryEvent e, long t)
    {
        var port = PortOf(e.Charger, e.Port);
        switch ((Measurand)e.Detail)
        {
            case Measurand.EnergyActiveImportRegister:
                if (port.HasEnergy)
                {
                    AddEnergy(port, (uint)e.Value, t);
                }

                port.HasEnergy = true;
                port.LastEnergyWh = (uint)e.Value;
                break;
            case Measurand.PowerActiveImport:
                ref var counts = ref PortBucket(port, t);
                counts.PeakPowerW = Math.Max(counts.PeakPowerW, e.Value);
                break;
        }
    }

    private void AddEnergy(PortActivity port, uint registerWh, long t)
    {
        // Registers are Wh modulo 2^32 (schemas/events): the unchecked difference is exact.
        var step = unchecked(registerWh - port.LastEnergyWh);
        if (step > 0 && step <= MaxEnergyStepWh)
        {
            PortBucket(port, t).EnergyWh += (int)step;
        }

        port.LastEnergyWh = registerWh;
    }

    private void OnBoot(int c, long t)
    {
        var charger = ChargerOf(c);
        var boots = _resets!.BootsOf(c);
        ref var counts = ref ChargerBucket(c, charger, t);
        counts.BootsPlanned += boots.Planned - charger.Boots.Planned;
        var unplanned = boots.Unplanned - charger.Boots.Unplanned;
        counts.BootsUnplanned += unplanned;
        // A charger's first boot is how the engine first meets it (a capture's start, a commissioning):
        // it says nothing about stability, so only later unplanned boots lower the health score.
        var first = charger.Boots.Planned + charger.Boots.Unplanned == 0;
        if (unplanned > 0 && !first)
        {
            charger.UnplannedBoots.Add(t, t - (2 * _recentMs));
        }

        charger.Boots = boots;
    }

    private void OnChangeAvailability(in TelemetryEvent e, long t)
    {
        if (!_exclusions.InoperativeAsMaintenance)
        {
            return;
        }

        switch ((AvailabilityType)e.Reason)
        {
            case AvailabilityType.Inoperative:
                _exclusions.StartMaintenance(e.Charger, e.Port, t);
                break;
            case AvailabilityType.Operative:
                _exclusions.EndMaintenance(e.Charger, e.Port, t);
                break;
        }
    }

    private void EmitComplete(int c, ChargerActivity charger, bool inputEnded)
    {
        while (charger.Partials.Count > 0)
        {
            var head = charger.Partials[0];
            if (!inputEnded && head.Contributions < charger.PortsIn(head.MinuteStartMs))
            {
                return;
            }

            charger.Partials.RemoveAt(0);
            charger.LastEmittedMs = head.MinuteStartMs;
            _chargerCounts.Remove((c, head.MinuteStartMs), out var own);
            var best = head.Best;
            var sums = head.Sums;
            _sink.OnChargerMinute(new ChargerMinute(
                head.MinuteStartMs,
                c,
                best.UpMs,
                best.DownMs,
                best.OfflineMs,
                best.UnknownMs,
                best.ExcludedMs,
                sums.StatusChanges + own.StatusChanges,
                sums.SessionsStarted,
                sums.SessionsSucceeded,
                sums.SessionsFailed,
                sums.EnergyWh,
                sums.PeakPowerW,
                sums.AlarmsRaised + own.AlarmsRaised,
                own.BootsPlanned,
                own.BootsUnplanned,
                own.Disconnects,
                own.UnansweredCalls,
                head.Health));
        }
    }

    private PortActivity PortOf(int charger, ushort port)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_ports, (charger, port), out _);
        return slot ??= new PortActivity(charger, port);
    }

    private ChargerActivity ChargerOf(int charger)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_chargers, charger, out _);
        return slot ??= new ChargerActivity();
    }

    private ref ActivityCounts PortBucket(PortActivity port, long t) =>
        ref CollectionsMarshal.GetValueRefOrAddDefault(_portCounts, (port.Charger, port.Port, Math.Max(MinuteOf(t), port.NextMinuteMs)), out _);

    private ref ActivityCounts ChargerBucket(int c, ChargerActivity charger, long t) =>
        ref CollectionsMarshal.GetValueRefOrAddDefault(_chargerCounts, (c, Math.Max(MinuteOf(t), charger.NextMinuteMs)), out _);
}
