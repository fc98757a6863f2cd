using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Resets;

/*
 * Reset state machine, one instance per partition (single-threaded).
 *
 * Each Boot is classified:
 *   planned   — 2.0.1 BootReason RemoteReset, ScheduledReset or FirmwareUpdate (the operator
 *               asked for it or scheduled it); Triggered (a BootNotification the CSMS requested
 *               with TriggerMessage: no restart took place); or any boot within PlannedWindow
 *               after a CSMS Reset request, which that boot then consumes (a second boot in
 *               the window is not explained by the same request).
 *   unplanned — everything else: Watchdog, PowerUp, ApplicationReset, Unknown, unrecognised
 *               reasons, LocalReset (someone at the charger, not the operator's plan), and a
 *               1.6 boot (no reason) with no Reset before it.
 * Signal: Quiet ──N-th unplanned boot within (t − Window, t]──▶ Raised ──QuietToClear without one──▶ Quiet
 *   The clear is dated at last unplanned boot + QuietToClear, whether it is found by the
 *   charger's next event or by Tick(watermark), so both give the same signal.
 * Events of one charger are expected in event-time order; one that goes back in time is applied
 * at the charger's latest time and counted as reordered.
 */

/// <summary>Classifies boots as planned or unplanned and raises <c>reset.frequent</c> (DESIGN §2.3).</summary>
public sealed class ResetDetector : IEventDetector, ICheckpointState
{
    private const double MinuteMs = 60_000;

    private readonly ISignalSink _sink;
    private readonly int _toRaise;
    private readonly long _plannedWindowMs;
    private readonly long _windowMs;
    private readonly long _quietMs;
    private readonly ChargerStates<ResetState> _chargers = new();

    // Chargers whose signal is raised: the only ones a tick can clear.
    private readonly ChargerSet _raised;
    private readonly ChargerTimer<ResetState> _timer;

    public ResetDetector(ChargerRegistry chargers, ResetOptions options, ISignalSink sink)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Chargers = chargers;
        _raised = new ChargerSet(chargers);
        _sink = sink;
        _toRaise = options.UnplannedToRaise;
        _plannedWindowMs = (long)options.PlannedWindow.TotalMilliseconds;
        _windowMs = (long)options.Window.TotalMilliseconds;
        _quietMs = (long)options.QuietToClear.TotalMilliseconds;
        _timer = TickCharger;
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    /// <summary>True for the 2.0.1 boot reasons that are planned by themselves, without a Reset request.</summary>
    public static bool IsPlannedReason(BootReason reason) =>
        reason is BootReason.RemoteReset or BootReason.ScheduledReset or BootReason.FirmwareUpdate or BootReason.Triggered;

    /// <summary>Boots of <paramref name="charger"/> seen so far, planned and unplanned.</summary>
    public BootCounts BootsOf(int charger) =>
        (uint)charger < (uint)_chargers.Length
            ? new BootCounts(_chargers.At(charger).PlannedBoots, _chargers.At(charger).UnplannedBoots)
            : default;

    public void OnEvent(in TelemetryEvent e)
    {
        var isBootOrReset = e.Kind == EventKind.Boot || (e.Kind == EventKind.ResetRequested && e.Origin == EventOrigin.Csms);
        if (!isBootOrReset && e.Charger >= _chargers.Length)
        {
            // Neither a boot nor a reset seen for this charger yet: nothing to classify or clear.
            return;
        }

        ref var charger = ref _chargers.At(e.Charger);
        var t = _chargers.InOrder(e.Charger, e.TimestampMs);
        ClearIfQuiet(e.Charger, ref charger, t);
        if (e.Kind == EventKind.Boot)
        {
            OnBoot(e.Charger, ref charger, (BootReason)e.Detail, t);
        }
        else if (isBootOrReset)
        {
            charger.ResetPending = true;
            charger.ResetRequestedMs = t;
        }
    }

    /// <summary>
    /// Clears the signal of every charger without an unplanned boot for the quiet period by
    /// <paramref name="watermarkMs"/> (latest event time minus the lateness the caller allows).
    /// </summary>
    public void Tick(long watermarkMs) => _chargers.RunTimers(_raised, watermarkMs, _timer);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnBoot(int c, ref ResetState charger, BootReason reason, long t)
    {
        charger.LastReason = reason;
        var requested = charger.ResetPending && t - charger.ResetRequestedMs <= _plannedWindowMs;
        charger.ResetPending = false;
        if (IsPlannedReason(reason) || requested)
        {
            charger.PlannedBoots++;
            charger.Planned.Add(t);
            return;
        }

        charger.UnplannedBoots++;
        charger.Unplanned.Add(t);
        charger.LastUnplannedMs = t;
        if (!charger.Unplanned.TryRaise(t, _windowMs, _toRaise, out var unplanned, out var firstMs))
        {
            return;
        }

        _raised.Add(c);
        _sink.OnSignal(new SignalValue(SignalTypes.ResetFrequent, SignalState.Raised, t, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Count = unplanned,
                PlannedCount = charger.Planned.CountAfter(t - _windowMs, out _),
                WindowMinutes = _windowMs / MinuteMs,
                FirstMs = firstMs,
                LastMs = t,
                BootReason = ReasonName(reason),
            }));
    }

    /// <summary>Clears the signal once the charger has been quiet long enough; true while it stays raised.</summary>
    private bool TickCharger(int c, ref ResetState charger, long now)
    {
        ClearIfQuiet(c, ref charger, now);
        return charger.Unplanned.Raised;
    }

    private bool ClearIfQuiet(int c, ref ResetState charger, long now)
    {
        if (!charger.Unplanned.Raised || now < charger.LastUnplannedMs + _quietMs)
        {
            return false;
        }

        Clear(c, ref charger, charger.LastUnplannedMs + _quietMs);
        return true;
    }

    // Builds the signal out of line: only then is the stack space of its value zeroed, not on every event.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Clear(int c, ref ResetState charger, long at)
    {
        charger.Unplanned.Raised = false;
        _sink.OnSignal(new SignalValue(SignalTypes.ResetFrequent, SignalState.Cleared, at, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Count = charger.Unplanned.EpisodeCount,
                LastMs = charger.LastUnplannedMs,
                SinceMs = charger.Unplanned.RaisedAtMs,
                DurationMinutes = (at - charger.Unplanned.RaisedAtMs) / MinuteMs,
            }));
        // Later events of this charger cannot be placed before the clear they would contradict.
        _chargers.AdvanceTo(c, at);
    }

    /// <summary>The OCPP name of the reason; none for 1.6, which states no reason.</summary>
    private static string? ReasonName(BootReason reason) => reason == BootReason.None ? null : EnumText<BootReason>.Of(reason);

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes every charger's boot history and window, and the chargers with a raised signal.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.Resets, FormatVersion);
        _chargers.WriteTo(writer, ids);
        _raised.WriteTo(writer, ids);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        reader.Header(CheckpointSection.Resets, FormatVersion);
        _chargers.RestoreFrom(ref reader, map);
        _raised.RestoreFrom(ref reader, map);
    }
}
