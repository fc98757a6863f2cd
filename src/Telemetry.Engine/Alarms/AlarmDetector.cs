using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Alarms;

/*
 * Alarm state machine, one instance per partition (single-threaded).
 *
 * Alarm key = (charger, port, source, code):
 *   Status — a StatusNotification whose errorCode is not NoError (1.6 ChargePointErrorCode, with
 *            vendorErrorCode as part of the code), or whose status is Faulted (2.0.1 states no
 *            errorCode). A status of the port states its whole error condition: every other open
 *            status alarm of that port ends, and a status without error ends them all.
 *   Alert  — a 2.0.1 NotifyEvent item with trigger Alerting (a monitor or hard-wired
 *            notification crossed its threshold, 2.0.1 part 2 N07); the same key with cleared =
 *            true ends it. Delta and Periodic items report values, not alarms, and are ignored.
 * Per key: Closed ──raise──▶ Open ──end──▶ Closed. A raise while Open is a repeat, not a new occurrence.
 * alarm.recurring: Quiet ──N-th raise within (t − Window, t]──▶ Raised ──QuietToClear without a raise──▶ Quiet,
 *   the clear dated at last raise + QuietToClear.
 * alarm.aging: Open for AgeToRaise ──▶ Raised (dated opened + AgeToRaise) ──alarm ends──▶ Cleared.
 * Timers are checked before each alarm event of the charger and by Tick(watermark); both date
 * them the same, so the signals do not depend on which finds them.
 * Memory: a charger's keys live in one block of KeysPerCharger slots, given at its first alarm.
 * A new key in a full block evicts the least recently raised one, preferring keys with no open
 * alarm and no signal; an evicted key's signals are cleared (reason "evicted") and it is counted.
 * A closed key with no signal is freed once its raises are older than the week count.
 * Events of one charger are expected in event-time order; one that goes back in time is applied
 * at the charger's latest time and counted as reordered.
 */

/// <summary>Raises <c>alarm.recurring</c> and <c>alarm.aging</c> from charger alarms (DESIGN §2.3).</summary>
public sealed class AlarmDetector : IEventDetector, ICheckpointState
{
    private const double MinuteMs = 60_000;

    /// <summary>A closed key untouched this long counts nothing towards the week: its slot is freed.</summary>
    private const long IdleMs = DayCounts.Days * 86_400_000L;

    private const int InitialBlocks = 16;

    /// <summary>Evidence reason of the clears an eviction causes.</summary>
    private const string Evicted = "evicted";

    private readonly ISignalSink _sink;
    private readonly int _toRaise;
    private readonly long _windowMs;
    private readonly long _quietMs;
    private readonly long _ageMs;
    private readonly int _keys;
    private readonly ChargerStates<AlarmChargerState> _chargers = new();

    // Chargers with an alarm block (the only ones with timers): what a tick visits.
    private readonly ChargerSet _withBlock;
    private readonly ChargerTimer<AlarmChargerState> _timer;
    private readonly TextNames _textNames;
    private AlarmSlot[] _slots;
    private int _blocks;

    public AlarmDetector(ChargerRegistry chargers, TextCodeRegistry texts, AlarmOptions options, ISignalSink sink)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _timer = TickCharger;
        Chargers = chargers;
        _withBlock = new ChargerSet(chargers);
        Texts = texts;
        _textNames = new TextNames(texts);
        _sink = sink;
        _toRaise = options.RaisesToRaise;
        _windowMs = (long)options.Window.TotalMilliseconds;
        _quietMs = (long)options.QuietToClear.TotalMilliseconds;
        _ageMs = (long)options.AgeToRaise.TotalMilliseconds;
        _keys = options.KeysPerCharger;
        _slots = new AlarmSlot[_keys * InitialBlocks];
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>The registry the events' text codes (vendorErrorCode, alert identity) refer to.</summary>
    public TextCodeRegistry Texts { get; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    /// <summary>Alarm keys dropped to make room for a new key in a charger's full block.</summary>
    public long EvictedKeys { get; private set; }

    /// <summary>Alarms open now, over all chargers (for rollups and tests).</summary>
    public int OpenAlarms
    {
        get
        {
            var n = 0;
            for (var i = 0; i < _blocks * _keys; i++)
            {
                n += _slots[i].Open ? 1 : 0;
            }

            return n;
        }
    }

    public void OnEvent(in TelemetryEvent e)
    {
        if (!e.IsFromCharger)
        {
            return;
        }

        if (e.Kind == EventKind.Status)
        {
            OnStatus(e);
        }
        else if (e.Kind == EventKind.Alert && e.Detail == (byte)AlertTrigger.Alerting)
        {
            OnAlert(e);
        }
    }

    /// <summary>
    /// Raises <c>alarm.aging</c> for alarms open for the age threshold, and clears
    /// <c>alarm.recurring</c> after the quiet period, by <paramref name="watermarkMs"/>
    /// (latest event time minus the lateness the caller allows).
    /// </summary>
    public void Tick(long watermarkMs) => _chargers.RunTimers(_withBlock, watermarkMs, _timer);

    /// <summary>Fires the charger's alarm timers due by <paramref name="now"/>; a charger with alarms keeps its timers.</summary>
    private bool TickCharger(int c, ref AlarmChargerState charger, long now)
    {
        var fired = RunTimers(c, charger.Block, now);
        if (fired != long.MinValue)
        {
            // Later events of this charger cannot be placed before the signal they would contradict.
            _chargers.AdvanceTo(c, fired);
        }

        return true;
    }

    private void OnStatus(in TelemetryEvent e)
    {
        var error = e.Error == ErrorCode.NoError ? ErrorCode.None : e.Error;
        var alarm = error != ErrorCode.None || e.Status == ConnectorStatus.Faulted;
        if (!alarm && !HasBlock(e.Charger))
        {
            // No alarm ever raised on this charger: nothing to end.
            return;
        }

        ref var charger = ref _chargers.At(e.Charger);
        var t = _chargers.InOrder(e.Charger, e.TimestampMs);
        if (charger.Block != 0)
        {
            RunTimers(e.Charger, charger.Block, t);
            var slots = SlotsOf(charger.Block);
            for (var i = 0; i < slots.Length; i++)
            {
                ref var slot = ref slots[i];
                if (slot.Open && slot.Source == AlarmSource.Status && slot.Port == e.Port
                    && !(alarm && slot.Error == error && slot.Text == e.TextCode))
                {
                    Close(e.Charger, ref slot, t);
                }
            }
        }

        if (alarm)
        {
            Raise(e.Charger, ref charger, AlarmSource.Status, e.Port, error, e.TextCode, e.Status, t);
        }
    }

    private void OnAlert(in TelemetryEvent e)
    {
        if (e.Cleared && !HasBlock(e.Charger))
        {
            return;
        }

        ref var charger = ref _chargers.At(e.Charger);
        var t = _chargers.InOrder(e.Charger, e.TimestampMs);
        if (charger.Block != 0)
        {
            RunTimers(e.Charger, charger.Block, t);
        }

        if (!e.Cleared)
        {
            Raise(e.Charger, ref charger, AlarmSource.Alert, e.Port, ErrorCode.None, e.TextCode, ConnectorStatus.None, t);
            return;
        }

        var slots = SlotsOf(charger.Block);
        var index = Find(slots, AlarmSource.Alert, e.Port, ErrorCode.None, e.TextCode);
        if (index >= 0 && slots[index].Open)
        {
            Close(e.Charger, ref slots[index], t);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Raise(int c, ref AlarmChargerState charger, AlarmSource source, ushort port, ErrorCode error, ushort text, ConnectorStatus status, long t)
    {
        if (charger.Block == 0)
        {
            charger.Block = NewBlock();
            _withBlock.Add(c);
        }

        var slots = SlotsOf(charger.Block);
        var index = Find(slots, source, port, error, text);
        if (index >= 0 && slots[index].Open)
        {
            // The charger repeats an alarm that is still open (e.g. the same Faulted status again).
            return;
        }

        if (index < 0)
        {
            index = Take(c, slots, t);
            slots[index] = new AlarmSlot { Source = source, Port = port, Error = error, Text = text };
        }

        ref var slot = ref slots[index];
        slot.Status = status;
        slot.Open = true;
        slot.OpenedMs = t;
        slot.LastRaisedMs = t;
        slot.Raises.Add(t);
        slot.Week.Add(t);
        if (slot.Recurring)
        {
            slot.EpisodeRaises++;
            return;
        }

        var raises = slot.Raises.CountAfter(t - _windowMs, out var firstMs);
        if (raises < _toRaise)
        {
            return;
        }

        slot.Recurring = true;
        slot.RecurringSinceMs = t;
        slot.EpisodeRaises = raises;
        Emit(SignalTypes.AlarmRecurring, SignalState.Raised, t, c, slot, new SignalEvidence
        {
            Count = raises,
            WeekCount = slot.Week.CountWeek(t),
            WindowMinutes = _windowMs / MinuteMs,
            FirstMs = firstMs,
            LastMs = t,
            Status = StatusOf(slot),
            ErrorCode = ErrorOf(slot),
            VendorErrorCode = VendorErrorOf(slot),
            Alert = AlertOf(slot),
        });
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Close(int c, ref AlarmSlot slot, long t)
    {
        slot.Open = false;
        if (!slot.Aging)
        {
            return;
        }

        slot.Aging = false;
        Emit(SignalTypes.AlarmAging, SignalState.Cleared, t, c, slot, new SignalEvidence
        {
            SinceMs = slot.OpenedMs,
            DurationMinutes = (t - slot.OpenedMs) / MinuteMs,
            Status = StatusOf(slot),
            ErrorCode = ErrorOf(slot),
            VendorErrorCode = VendorErrorOf(slot),
            Alert = AlertOf(slot),
        });
    }

    /// <summary>Fires the timers of a charger's alarms due by <paramref name="now"/>; returns the latest signal time, or <see cref="long.MinValue"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long RunTimers(int c, int block, long now)
    {
        var fired = long.MinValue;
        var slots = SlotsOf(block);
        for (var i = 0; i < slots.Length; i++)
        {
            ref var slot = ref slots[i];
            if (slot.Source == AlarmSource.None)
            {
                continue;
            }

            if (slot.Open && !slot.Aging && now >= slot.OpenedMs + _ageMs)
            {
                var at = slot.OpenedMs + _ageMs;
                slot.Aging = true;
                fired = Math.Max(fired, at);
                Emit(SignalTypes.AlarmAging, SignalState.Raised, at, c, slot, new SignalEvidence
                {
                    SinceMs = slot.OpenedMs,
                    AgeMinutes = _ageMs / MinuteMs,
                    Status = StatusOf(slot),
                    ErrorCode = ErrorOf(slot),
                    VendorErrorCode = VendorErrorOf(slot),
                    Alert = AlertOf(slot),
                });
            }

            if (slot.Recurring && now >= slot.LastRaisedMs + _quietMs)
            {
                var at = slot.LastRaisedMs + _quietMs;
                fired = Math.Max(fired, at);
                ClearRecurring(c, ref slot, at, reason: null);
            }

            if (!slot.Open && !slot.Recurring && now >= slot.LastRaisedMs + IdleMs)
            {
                slot = default;
            }
        }

        return fired;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ClearRecurring(int c, ref AlarmSlot slot, long at, string? reason)
    {
        slot.Recurring = false;
        Emit(SignalTypes.AlarmRecurring, SignalState.Cleared, at, c, slot, new SignalEvidence
        {
            Reason = reason,
            Count = slot.EpisodeRaises,
            WeekCount = slot.Week.CountWeek(at),
            LastMs = slot.LastRaisedMs,
            SinceMs = slot.RecurringSinceMs,
            DurationMinutes = (at - slot.RecurringSinceMs) / MinuteMs,
            Status = StatusOf(slot),
            ErrorCode = ErrorOf(slot),
            VendorErrorCode = VendorErrorOf(slot),
            Alert = AlertOf(slot),
        });
    }

    /// <summary>
    /// A slot for a new key: a free one, else the least recently raised, preferring keys without
    /// a signal and then without an open alarm. An evicted key's signals are cleared at <paramref name="t"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int Take(int c, Span<AlarmSlot> slots, long t)
    {
        var victim = 0;
        var victimRank = int.MaxValue;
        for (var i = 0; i < slots.Length; i++)
        {
            ref readonly var slot = ref slots[i];
            if (slot.Source == AlarmSource.None)
            {
                return i;
            }

            var rank = (slot.Recurring || slot.Aging ? 2 : 0) + (slot.Open ? 1 : 0);
            if (rank < victimRank || (rank == victimRank && slot.LastRaisedMs < slots[victim].LastRaisedMs))
            {
                victim = i;
                victimRank = rank;
            }
        }

        ref var evicted = ref slots[victim];
        if (evicted.Recurring)
        {
            ClearRecurring(c, ref evicted, t, Evicted);
        }

        if (evicted.Aging)
        {
            evicted.Aging = false;
            Emit(SignalTypes.AlarmAging, SignalState.Cleared, t, c, evicted, new SignalEvidence
            {
                Reason = Evicted,
                SinceMs = evicted.OpenedMs,
                DurationMinutes = (t - evicted.OpenedMs) / MinuteMs,
                Status = StatusOf(evicted),
                ErrorCode = ErrorOf(evicted),
                VendorErrorCode = VendorErrorOf(evicted),
                Alert = AlertOf(evicted),
            });
        }

        EvictedKeys++;
        return victim;
    }

    private static int Find(Span<AlarmSlot> slots, AlarmSource source, ushort port, ErrorCode error, ushort text)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i].Is(source, port, error, text))
            {
                return i;
            }
        }

        return -1;
    }

    private bool HasBlock(int charger) => charger < _chargers.Length && _chargers.At(charger).Block != 0;

    private int NewBlock()
    {
        if ((_blocks + 1) * _keys > _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        return ++_blocks;
    }

    private Span<AlarmSlot> SlotsOf(int block) => _slots.AsSpan((block - 1) * _keys, _keys);

    // The evidence already names the alarm (the helpers below); passed by reference, as it is a large value.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Emit(string type, SignalState state, long at, int c, in AlarmSlot slot, in SignalEvidence evidence)
    {
        var port = slot.Port == 0 ? (ushort?)null : slot.Port;
        var scope = slot.Port == 0 ? SignalScope.Charger : SignalScope.Connector;
        _sink.OnSignal(new SignalValue(type, state, at, Chargers.NameOf(c), port, scope, evidence));
    }

    private static string? StatusOf(in AlarmSlot slot) => slot.Source == AlarmSource.Status ? EnumText<ConnectorStatus>.Of(slot.Status) : null;

    private static string? ErrorOf(in AlarmSlot slot) => slot.Error == ErrorCode.None ? null : EnumText<ErrorCode>.Of(slot.Error);

    private string? VendorErrorOf(in AlarmSlot slot) => slot.Source == AlarmSource.Status ? _textNames.Of(slot.Text) : null;

    private string? AlertOf(in AlarmSlot slot) => slot.Source == AlarmSource.Status ? null : _textNames.Of(slot.Text);

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes each charger's block number, the chargers with a block, the blocks' alarm slots (one copy) and the eviction count.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        writer.Header(CheckpointSection.Alarms, FormatVersion);
        writer.Count(_keys);
        writer.Value(EvictedKeys);
        _chargers.WriteTo(writer, ids);
        _withBlock.WriteTo(writer, ids);
        var slots = _slots.AsSpan(0, _blocks * _keys);
        foreach (ref readonly var slot in slots)
        {
            ids.Text(slot.Text);
        }

        writer.Count(_blocks);
        writer.Structs<AlarmSlot>(slots);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        reader.Header(CheckpointSection.Alarms, FormatVersion);
        var keys = reader.Count();
        if (keys != _keys)
        {
            throw new InvalidDataException($"Checkpoint of {CheckpointSection.Alarms} keeps {keys} alarm keys per charger; this detector keeps {_keys}.");
        }

        EvictedKeys = reader.Value();
        _chargers.RestoreFrom(ref reader, map);
        _withBlock.RestoreFrom(ref reader, map);
        var blocks = reader.Count(_keys * System.Runtime.CompilerServices.Unsafe.SizeOf<AlarmSlot>());
        _slots = new AlarmSlot[Math.Max(_slots.Length, blocks * _keys)];
        var slots = _slots.AsSpan(0, blocks * _keys);
        reader.Structs(slots);
        foreach (ref var slot in slots)
        {
            slot.Text = map.Text(slot.Text);
        }

        _blocks = blocks;
    }
}
