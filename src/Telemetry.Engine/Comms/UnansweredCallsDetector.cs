using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Comms;

/*
 * Half-dead connection state machine, one instance per partition (single-threaded).
 *
 * A charger whose link stays up and keeps heartbeating but no longer answers the CSMS's CALLs
 * (OCPP-J 1.6 §4.1.1, 2.0.1 part 4 §4.1.1: every CALL gets a CALLRESULT or CALLERROR).
 * The parser reports no event when a CALL expires, so the CALLs are tracked here:
 *   CSMS Command (other than CommandAction.Other) or Reset ──▶ pending, oldest first.
 *   Answer: CommandResult / ResetResult / CALLERROR from the charger naming the command ──▶ the
 *     oldest pending CALL of that command is answered. Commands of CommandAction.Other are not
 *     tracked: the parser reports no result for them, so an answer could not be seen.
 *   A pending CALL still unanswered when the charger sends anything after its deadline
 *     (sent + AnswerTimeout) is unanswered, dated at its deadline: the charger was alive and
 *     silent on it. A connection record or a boot drops the pending CALLs uncounted: a CALL lost
 *     with the link or the reboot is a comms.offline or reset matter, not a half-dead link.
 * Signal (comms.unstable, evidence reason unanswered_calls):
 *   Quiet ──N-th unanswered CALL with deadline in (t − Window, t]──▶ Raised
 *   Raised ──an answered CALL (dated at the answer), or QuietToClear after the last unanswered
 *            deadline (dated there, found by the charger's next event or Tick)──▶ Quiet
 * It runs beside CommsStabilityDetector, whose comms.unstable signals carry no reason.
 * Events of one charger are expected in event-time order; one that goes back in time is applied
 * at the charger's latest time and counted as reordered.
 */

/// <summary>Raises <c>comms.unstable</c> (reason <c>unanswered_calls</c>) for chargers that stop answering CSMS CALLs (DESIGN §2.3).</summary>
public sealed class UnansweredCallsDetector : IEventDetector, ICheckpointState
{
    /// <summary>Evidence reason of this detector's signals.</summary>
    public const string Reason = "unanswered_calls";

    /// <summary>CALLs kept pending per charger; a further CALL drops the oldest (counted in <see cref="UntrackedCalls"/>).</summary>
    public const int MaxPendingCalls = PendingCallRing.Capacity;

    private const double MinuteMs = 60_000;

    private readonly ISignalSink _sink;
    private readonly int _toRaise;
    private readonly long _windowMs;
    private readonly long _timeoutMs;
    private readonly long _quietMs;
    private readonly ChargerStates<UnansweredState> _chargers = new();

    // Chargers whose signal is raised: the only ones a tick can clear.
    private readonly ChargerSet _raised;
    private readonly ChargerTimer<UnansweredState> _timer;

    public UnansweredCallsDetector(ChargerRegistry chargers, UnansweredCallsOptions options, ISignalSink sink)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Chargers = chargers;
        _raised = new ChargerSet(chargers);
        _sink = sink;
        _toRaise = options.UnansweredToRaise;
        _windowMs = (long)options.Window.TotalMilliseconds;
        _timeoutMs = (long)options.AnswerTimeout.TotalMilliseconds;
        _quietMs = (long)options.QuietToClear.TotalMilliseconds;
        _timer = TickCharger;
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    /// <summary>CSMS CALLs found unanswered, over all chargers (for rollups).</summary>
    public long UnansweredCalls { get; private set; }

    /// <summary>CALLs dropped from a charger's full pending ring before their deadline.</summary>
    public long UntrackedCalls { get; private set; }

    public void OnEvent(in TelemetryEvent e)
    {
        var command = CommandOf(e);
        if (command is null && e.Charger >= _chargers.Length)
        {
            // No CALL sent to this charger yet: nothing pending, nothing to clear.
            return;
        }

        ref var charger = ref _chargers.At(e.Charger);
        var t = _chargers.InOrder(e.Charger, e.TimestampMs);
        ClearIfQuiet(e.Charger, ref charger, t);
        if (command is { } action)
        {
            if (!charger.Pending.Add(t, action))
            {
                UntrackedCalls++;
            }

            return;
        }

        if (!e.IsFromCharger)
        {
            return;
        }

        if (e.Kind is EventKind.Connected or EventKind.Disconnected or EventKind.Boot)
        {
            charger.Pending.Clear();
            return;
        }

        ExpireOverdue(e.Charger, ref charger, t);
        if (AnswerOf(e) is { } answered && charger.Pending.Answer(answered) && charger.Unanswered.Raised)
        {
            Clear(e.Charger, ref charger, t);
        }
    }

    /// <summary>
    /// Clears the signal of every charger without a new unanswered CALL for the quiet period by
    /// <paramref name="watermarkMs"/> (latest event time minus the lateness the caller allows).
    /// </summary>
    public void Tick(long watermarkMs) => _chargers.RunTimers(_raised, watermarkMs, _timer);

    /// <summary>The command a CSMS CALL sends, when it is one whose answer the parser reports.</summary>
    private static CommandAction? CommandOf(in TelemetryEvent e)
    {
        if (e.Origin != EventOrigin.Csms)
        {
            return null;
        }

        return e.Kind switch
        {
            EventKind.ResetRequested => CommandAction.Reset,
            EventKind.Command => (CommandAction)e.Detail,
            _ => null,
        };
    }

    /// <summary>The command a charger's answer (result or CALLERROR) is for.</summary>
    /// <remarks>Commands outside <see cref="CommandAction"/>'s list are answered as <see cref="CommandAction.Other"/>; a CALLERROR the CSMS sends answers the charger's own message, not a command.</remarks>
    private static CommandAction? AnswerOf(in TelemetryEvent e) => e.Kind switch
    {
        EventKind.ResetResult => CommandAction.Reset,
        EventKind.CommandResult => (CommandAction)e.Reason,
        EventKind.CallError when e.IsFromCharger => (CommandAction)e.Reason,
        _ => null,
    };

    private void ExpireOverdue(int c, ref UnansweredState charger, long t)
    {
        var counted = false;
        while (charger.Pending.TryExpire(t - _timeoutMs, out var call))
        {
            var deadline = call.SentMs + _timeoutMs;
            charger.Unanswered.Add(deadline);
            charger.LastUnansweredMs = deadline;
            UnansweredCalls++;
            counted = true;
        }

        if (counted && charger.Unanswered.TryRaise(t, _windowMs, _toRaise, out var unanswered, out var firstMs))
        {
            Raise(c, ref charger, t, unanswered, firstMs);
        }
    }

    // Builds the signal out of line: only then is the stack space of its value zeroed, not on every event.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Raise(int c, ref UnansweredState charger, long t, int unanswered, long firstMs)
    {
        _raised.Add(c);
        _sink.OnSignal(new SignalValue(SignalTypes.CommsUnstable, SignalState.Raised, t, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Reason = Reason,
                Count = unanswered,
                WindowMinutes = _windowMs / MinuteMs,
                FirstMs = firstMs,
                LastMs = charger.LastUnansweredMs,
            }));
    }

    /// <summary>Clears the signal once the charger has been quiet long enough; true while it stays raised.</summary>
    private bool TickCharger(int c, ref UnansweredState charger, long now)
    {
        ClearIfQuiet(c, ref charger, now);
        return charger.Unanswered.Raised;
    }

    private bool ClearIfQuiet(int c, ref UnansweredState charger, long now)
    {
        if (!charger.Unanswered.Raised || now < charger.LastUnansweredMs + _quietMs)
        {
            return false;
        }

        Clear(c, ref charger, charger.LastUnansweredMs + _quietMs);
        // Later events of this charger cannot be placed before the clear they would contradict.
        _chargers.AdvanceTo(c, charger.LastUnansweredMs + _quietMs);
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Clear(int c, ref UnansweredState charger, long at)
    {
        charger.Unanswered.Raised = false;
        _sink.OnSignal(new SignalValue(SignalTypes.CommsUnstable, SignalState.Cleared, at, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Reason = Reason,
                Count = charger.Unanswered.EpisodeCount,
                LastMs = charger.LastUnansweredMs,
                SinceMs = charger.Unanswered.RaisedAtMs,
                DurationMinutes = (at - charger.Unanswered.RaisedAtMs) / MinuteMs,
            }));
    }

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes every charger's pending CALLs and window, the chargers with a raised signal and the call counters.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.UnansweredCalls, FormatVersion);
        _chargers.WriteTo(writer, ids);
        _raised.WriteTo(writer, ids);
        writer.Value(UnansweredCalls);
        writer.Value(UntrackedCalls);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        reader.Header(CheckpointSection.UnansweredCalls, FormatVersion);
        _chargers.RestoreFrom(ref reader, map);
        _raised.RestoreFrom(ref reader, map);
        UnansweredCalls = reader.Value();
        UntrackedCalls = reader.Value();
    }
}
