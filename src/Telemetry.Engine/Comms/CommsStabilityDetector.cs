using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Comms;

/*
 * Comms stability state machine, one instance per partition (single-threaded).
 *
 * Connection (from connection records): Unknown ──Connected──▶ Connected ──Disconnected──▶ Disconnected
 *   A disconnect is counted on Disconnected while not already Disconnected (a repeated record is
 *   a duplicate, not a new drop), and on Connected while already Connected: the link dropped and
 *   came back without a close being seen (silent reconnect), the new connection starting then.
 *   Charger traffic while Disconnected means the link is back although its record was missed.
 * Signal: Quiet ──N-th disconnect within (t − Window, t]──▶ Raised ──connected for QuietToClear──▶ Quiet
 *   The clear is dated at connection start + QuietToClear, whether it is found by the charger's
 *   next event or by Tick(watermark), so both give the same signal.
 * Events of one charger are expected in event-time order; one that goes back in time is applied
 * at the charger's latest time and counted as reordered.
 */

/// <summary>Raises <c>comms.unstable</c> for chargers whose connection keeps dropping (DESIGN §2.3).</summary>
public sealed class CommsStabilityDetector : IEventDetector, ICheckpointState
{
    private const double MinuteMs = 60_000;

    private readonly ISignalSink _sink;
    private readonly int _toRaise;
    private readonly long _windowMs;
    private readonly long _quietMs;
    private readonly ChargerStates<CommsState> _chargers = new();

    // Chargers whose signal is raised: the only ones a tick can clear.
    private readonly ChargerSet _raised;
    private readonly ChargerTimer<CommsState> _timer;

    public CommsStabilityDetector(ChargerRegistry chargers, CommsOptions options, ISignalSink sink)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Chargers = chargers;
        _raised = new ChargerSet(chargers);
        _sink = sink;
        _toRaise = options.DisconnectsToRaise;
        _windowMs = (long)options.Window.TotalMilliseconds;
        _quietMs = (long)options.QuietToClear.TotalMilliseconds;
        _timer = TickCharger;
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    public void OnEvent(in TelemetryEvent e)
    {
        var isRecord = e.Kind is EventKind.Connected or EventKind.Disconnected;
        if (!isRecord && e.Charger >= _chargers.Length)
        {
            // No connection record seen for this charger yet: nothing to count or clear.
            return;
        }

        ref var charger = ref _chargers.At(e.Charger);
        var t = _chargers.InOrder(e.Charger, e.TimestampMs);
        ClearIfQuiet(e.Charger, ref charger, t);
        switch (e.Kind)
        {
            case EventKind.Disconnected when charger.Connection != ConnectionState.Disconnected:
                charger.Connection = ConnectionState.Disconnected;
                CountDisconnect(e.Charger, ref charger, t);
                break;
            case EventKind.Connected when charger.Connection == ConnectionState.Connected:
                charger.ConnectedSinceMs = t;
                CountDisconnect(e.Charger, ref charger, t);
                break;
            case EventKind.Connected:
                charger.Connection = ConnectionState.Connected;
                charger.ConnectedSinceMs = t;
                break;
            case EventKind.Disconnected:
                break;
            default:
                if (e.IsFromCharger && charger.Connection == ConnectionState.Disconnected)
                {
                    charger.Connection = ConnectionState.Connected;
                    charger.ConnectedSinceMs = t;
                }

                break;
        }
    }

    /// <summary>
    /// Clears the signal of every charger that has stayed connected for the quiet period by
    /// <paramref name="watermarkMs"/> (latest event time minus the lateness the caller allows).
    /// </summary>
    public void Tick(long watermarkMs) => _chargers.RunTimers(_raised, watermarkMs, _timer);

    /// <summary>Clears the signal once the charger has been quiet long enough; true while it stays raised.</summary>
    private bool TickCharger(int c, ref CommsState charger, long now)
    {
        ClearIfQuiet(c, ref charger, now);
        return charger.Disconnects.Raised;
    }

    private bool ClearIfQuiet(int c, ref CommsState charger, long now)
    {
        if (!charger.Disconnects.Raised || charger.Connection != ConnectionState.Connected || now < charger.ConnectedSinceMs + _quietMs)
        {
            return false;
        }

        Clear(c, ref charger, charger.ConnectedSinceMs + _quietMs);
        return true;
    }

    // Builds the signal out of line: only then is the stack space of its value zeroed, not on every event.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Clear(int c, ref CommsState charger, long at)
    {
        charger.Disconnects.Raised = false;
        _sink.OnSignal(new SignalValue(SignalTypes.CommsUnstable, SignalState.Cleared, at, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Count = charger.Disconnects.EpisodeCount,
                SinceMs = charger.Disconnects.RaisedAtMs,
                DurationMinutes = (at - charger.Disconnects.RaisedAtMs) / MinuteMs,
            }));
        // Later events of this charger cannot be placed before the clear they would contradict.
        _chargers.AdvanceTo(c, at);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CountDisconnect(int c, ref CommsState charger, long t)
    {
        charger.Disconnects.Add(t);
        if (!charger.Disconnects.TryRaise(t, _windowMs, _toRaise, out var inWindow, out var firstMs))
        {
            return;
        }

        _raised.Add(c);
        _sink.OnSignal(new SignalValue(SignalTypes.CommsUnstable, SignalState.Raised, t, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Count = inWindow,
                WindowMinutes = _windowMs / MinuteMs,
                FirstMs = firstMs,
                LastMs = t,
            }));
    }

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes every charger's connection state and window, and the chargers with a raised signal.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.Comms, FormatVersion);
        _chargers.WriteTo(writer, ids);
        _raised.WriteTo(writer, ids);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        reader.Header(CheckpointSection.Comms, FormatVersion);
        _chargers.RestoreFrom(ref reader, map);
        _raised.RestoreFrom(ref reader, map);
    }
}
