using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Availability;

/*
 * Availability state machine, one instance per partition (single-threaded).
 *
 * Charger: Unseen ──first traffic──▶ Online ──disconnected / silence──▶ Offline ──traffic──▶ Online
 *   Silence: no charger-originated traffic for OfflineAfterIntervals × interval + grace. The outage
 *   is then dated from the first missed heartbeat (last seen + interval), not from the detection.
 * Port (1.6 connector, 2.0.1 EVSE), created by its first StatusNotification:
 *   condition = Offline if the charger is offline, else Down if connector 0 / the station or the
 *   port is Faulted/Unavailable, else Up.
 *   Up → Down/Offline opens an outage and raises availability.outage; back to Up closes it and
 *   clears the signal. Down ↔ Offline continues the same outage.
 * Accounting: each port's time is final up to AccountedToMs. While a charger is online its ports
 * are only final up to last seen + interval, because silence may still date an outage from there;
 * this keeps results identical whether the timeout is found by a timer tick or by the next event.
 * Timers run on the watermark (latest event time − allowed lateness), so a charger whose traffic
 * lags the rest of its partition is not taken for offline.
 * Events of one charger are expected in event-time order (the partition order of the tap); one
 * that goes back in time is applied at the charger's latest time and counted as reordered.
 * Layout: the timer pass walks chargers in id order and each one's ports along its chain. Ports
 * are appended as they first report, so that walk jumps about the port table (a cache miss per
 * port and minute); once enough ports are out of charger order, the pass first lays the table
 * out again in walk order. Where a port is stored never changes what is emitted: every walk
 * follows the chains, and what depends on creation order (the end of the input, checkpoints)
 * follows the creation order kept in _created.
 */

/// <summary>Turns telemetry events into per-port availability: minute rollups, outages and signals.</summary>
public sealed class AvailabilityDetector : ICheckpointState
{
    private const long MinuteMs = 60_000;

    // Rows collected before they go to a bulk sink in one call: 256 × 72 bytes stays in the first-level cache.
    private const int RowBatch = 256;

    private readonly double _offlineAfterIntervals;
    private readonly IAvailabilitySink _sink;
    private readonly long _defaultIntervalMs;
    private readonly long _graceMs;
    private readonly long _latenessMs;
    private readonly ChargerStates<ChargerState> _chargers = new();
    private readonly ConnectorRollup[] _rows = new ConnectorRollup[RowBatch];

    // Whether the sink takes rows in bulk: one that does not gets each row at once, without the copy into _rows.
    private readonly bool _batches;
    private int _rowCount;
    private PortState[] _ports = new PortState[128];
    private PortDetail[] _details = new PortDetail[128];
    private int _portCount;

    // Port index of the k-th port created: creation order survives laying the table out again.
    private int[] _created = new int[128];

    // Ports stored before a port of a lower charger id: places where the timer pass's walk jumps back.
    private int _descents;
    private long _streamTimeMs = long.MinValue;

    public AvailabilityDetector(ChargerRegistry chargers, AvailabilityOptions options, IAvailabilitySink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Chargers = chargers;
        _offlineAfterIntervals = options.OfflineAfterIntervals;
        _sink = sink;
        _batches = TakesRowsInBulk(sink);
        _defaultIntervalMs = (long)options.DefaultHeartbeatInterval.TotalMilliseconds;
        _graceMs = (long)options.OfflineGrace.TotalMilliseconds;
        _latenessMs = (long)options.AllowedLateness.TotalMilliseconds;
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>Highest event time seen.</summary>
    public long StreamTimeMs => _streamTimeMs;

    public long EventsProcessed { get; private set; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    /// <summary>Charger ids the per-charger state has room for: it grows to the highest id seen, so it stays small only when the registry's ids do.</summary>
    public int ChargerSlots => _chargers.Length;

    public int PortCount => _portCount;

    public void OnEvent(in TelemetryEvent e)
    {
        EventsProcessed++;
        AdvanceStreamTime(e.TimestampMs);
        ref var charger = ref _chargers.At(e.Charger);
        var t = _chargers.InOrder(e.Charger, e.TimestampMs);
        var provesLiveness = e.IsFromCharger && e.Kind != EventKind.Disconnected;
        if (charger.Online && t > OfflineDeadline(charger))
        {
            GoOffline(e.Charger, ref charger, charger.LastSeenMs + charger.IntervalMs, OfflineReason.HeartbeatTimeout);
        }

        if (provesLiveness)
        {
            charger.LastSeenMs = t;
            if (!charger.Online)
            {
                GoOnline(e.Charger, ref charger, t);
            }
        }

        switch (e.Kind)
        {
            case EventKind.Disconnected when charger.Online:
                GoOffline(e.Charger, ref charger, t, OfflineReason.Disconnected);
                break;
            case EventKind.BootResult when e.Value > 0:
                charger.IntervalMs = e.Value * 1000L;
                break;
            case EventKind.Status when e.Port == 0:
                charger.StationStatus = e.Status;
                charger.StationError = e.Error;
                UpdatePorts(e.Charger, ref charger, t);
                break;
            case EventKind.Status:
                var p = PortAt(e.Charger, ref charger, e.Port, t);
                _ports[p].Status = e.Status;
                _ports[p].Error = e.Error;
                Update(p, e.Charger, ref charger, t);
                break;
        }

        Flush();
    }

    /// <summary>
    /// Ends the input at <paramref name="endMs"/>: applies pending silence, accounts every port up
    /// to it and emits the last, partial minute (its unobserved rest counted as unknown).
    /// Open outages are reported with no end; their signals stay raised.
    /// </summary>
    public void Finish(long endMs)
    {
        AdvanceStreamTime(endMs);
        Tick(endMs, inputEnded: true);
        for (var k = 0; k < _portCount; k++)
        {
            ref var port = ref _ports[_created[k]];
            ref var detail = ref _details[_created[k]];
            if (port.AccountedMs > 0)
            {
                CloseMinute(ref port, detail.Charger);
            }

            if (detail.OutageStartMs >= 0)
            {
                Flush();
                _sink.OnOutage(new Outage(Chargers.NameOf(detail.Charger), port.Port, detail.OutageStartMs, null, detail.OutageCause!));
            }
        }

        Flush();
    }

    /// <summary>
    /// Moves stream time to <paramref name="timeMs"/> without an event (live wall-clock timers):
    /// the timer pass runs on its watermark as it would for an event at that time.
    /// </summary>
    public void AdvanceTo(long timeMs)
    {
        AdvanceStreamTime(timeMs);
        Flush();
    }

    private void AdvanceStreamTime(long t)
    {
        if (t <= _streamTimeMs)
        {
            return;
        }

        var crossesMinute = _streamTimeMs == long.MinValue || (t / MinuteMs) != (_streamTimeMs / MinuteMs);
        _streamTimeMs = t;
        if (crossesMinute)
        {
            Tick(t - _latenessMs);
        }
    }

    /// <summary>
    /// Timer pass on the watermark: finds silent chargers and finalises time that can no longer
    /// change; at the end of the input, everything up to it.
    /// </summary>
    private void Tick(long now, bool inputEnded = false)
    {
        if (_descents > MaxDescents(_portCount))
        {
            LayOutInWalkOrder();
        }

        for (var c = 0; c < Chargers.Count && c < _chargers.Length; c++)
        {
            ref var charger = ref _chargers.At(c);
            if (!charger.Seen)
            {
                continue;
            }

            if (charger.Online && now > OfflineDeadline(charger))
            {
                GoOffline(c, ref charger, charger.LastSeenMs + charger.IntervalMs, OfflineReason.HeartbeatTimeout);
            }

            var finalUntil = charger.Online && !inputEnded ? Math.Min(now, charger.LastSeenMs + charger.IntervalMs) : now;
            for (var p = charger.FirstPort; p >= 0; p = _ports[p].NextPort)
            {
                AccountTo(ref _ports[p], c, finalUntil);
            }
        }
    }

    // A few jumps cost a few cache misses per pass; laying out costs one miss per port, once.
    private static int MaxDescents(int ports) => 16 + (ports / 1024);

    /// <summary>Moves every port to where the timer pass's walk (charger id order, then chain order) reaches it.</summary>
    private void LayOutInWalkOrder()
    {
        var laidOut = new PortState[_ports.Length];
        var details = new PortDetail[_details.Length];
        var movedTo = new int[_portCount];
        var next = 0;
        for (var c = 0; c < _chargers.Length; c++)
        {
            ref var charger = ref _chargers.At(c);
            if (!charger.Seen || charger.FirstPort < 0)
            {
                continue;
            }

            var p = charger.FirstPort;
            charger.FirstPort = next;
            for (; p >= 0; p = _ports[p].NextPort)
            {
                movedTo[p] = next;
                laidOut[next] = _ports[p];
                laidOut[next].NextPort = _ports[p].NextPort < 0 ? -1 : next + 1;
                details[next] = _details[p];
                next++;
            }
        }

        for (var k = 0; k < _portCount; k++)
        {
            _created[k] = movedTo[_created[k]];
        }

        _ports = laidOut;
        _details = details;
        _descents = 0;
    }

    private long OfflineDeadline(in ChargerState charger) =>
        charger.LastSeenMs + (long)(charger.IntervalMs * _offlineAfterIntervals) + _graceMs;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GoOffline(int c, ref ChargerState charger, long t, OfflineReason reason)
    {
        charger.Online = false;
        charger.OfflineSinceMs = t;
        charger.OfflineReason = reason;
        Flush();
        _sink.OnSignal(new SignalValue(SignalTypes.CommsOffline, SignalState.Raised, t, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Reason = reason == OfflineReason.Disconnected ? "disconnected" : "heartbeat_timeout",
                LastSeenMs = charger.LastSeenMs,
            }));
        UpdatePorts(c, ref charger, t);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void GoOnline(int c, ref ChargerState charger, long t)
    {
        var wasSeen = charger.Seen;
        charger.Online = true;
        // Traffic older than the detected offline start (late beyond the allowed lateness) ends the outage where it began.
        t = Math.Max(t, charger.OfflineSinceMs);
        if (!wasSeen)
        {
            charger.Seen = true;
            charger.IntervalMs = _defaultIntervalMs;
            charger.FirstPort = -1;
            return;
        }

        Flush();
        _sink.OnSignal(new SignalValue(SignalTypes.CommsOffline, SignalState.Cleared, t, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Reason = charger.OfflineReason == OfflineReason.Disconnected ? "disconnected" : "heartbeat_timeout",
                SinceMs = charger.OfflineSinceMs,
                DurationMinutes = (t - charger.OfflineSinceMs) / (double)MinuteMs,
            }));
        UpdatePorts(c, ref charger, t);
    }

    private void UpdatePorts(int c, ref ChargerState charger, long t)
    {
        for (var p = charger.FirstPort; p >= 0; p = _ports[p].NextPort)
        {
            Update(p, c, ref charger, t);
        }
    }

    private void Update(int p, int c, ref ChargerState charger, long t)
    {
        ref var port = ref _ports[p];
        AccountTo(ref port, c, t);
        var next = !charger.Online ? PortCondition.Offline
            : IsDown(charger.StationStatus) || IsDown(port.Status) ? PortCondition.Down
            : PortCondition.Up;
        if (next == port.Condition)
        {
            return;
        }

        var wasDown = port.Condition is PortCondition.Down or PortCondition.Offline;
        var isDown = next is PortCondition.Down or PortCondition.Offline;
        port.Condition = next;
        if (isDown && !wasDown)
        {
            OpenOutage(in port, ref _details[p], in charger, t);
        }
        else if (wasDown && !isDown)
        {
            CloseOutage(in port, ref _details[p], t);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OpenOutage(in PortState port, ref PortDetail detail, in ChargerState charger, long t)
    {
        var station = IsDown(charger.StationStatus);
        var status = station ? charger.StationStatus : port.Status;
        var error = station ? charger.StationError : port.Error;
        var evidence = port.Condition == PortCondition.Offline
            ? new SignalEvidence { Cause = OutageCauseText.Offline }
            : new SignalEvidence
            {
                Cause = OutageCauseText.Cause(station, status),
                Status = EnumText<ConnectorStatus>.Of(status),
                ErrorCode = OutageCauseText.ErrorName(error),
            };
        detail.OutageStartMs = t;
        detail.OutageCause = port.Condition == PortCondition.Offline ? OutageCauseText.Offline : OutageCauseText.Of(station, status, error);
        Flush();
        _sink.OnSignal(new SignalValue(SignalTypes.AvailabilityOutage, SignalState.Raised, t, Chargers.NameOf(detail.Charger), port.Port,
            SignalScope.Connector, evidence));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CloseOutage(in PortState port, ref PortDetail detail, long t)
    {
        var name = Chargers.NameOf(detail.Charger);
        Flush();
        _sink.OnSignal(new SignalValue(SignalTypes.AvailabilityOutage, SignalState.Cleared, t, name, port.Port, SignalScope.Connector,
            new SignalEvidence
            {
                Cause = detail.OutageCause,
                SinceMs = detail.OutageStartMs,
                DurationMinutes = (t - detail.OutageStartMs) / (double)MinuteMs,
            }));
        _sink.OnOutage(new Outage(name, port.Port, detail.OutageStartMs, t, detail.OutageCause!));
        detail.OutageStartMs = -1;
        detail.OutageCause = null;
    }

    /// <summary>
    /// Adds the time from the port's accounted point to <paramref name="t"/> to its condition,
    /// closing minutes as they fill. The condition holds over all of that time, so the minutes
    /// after the open one are whole minutes of it, emitted in one run.
    /// </summary>
    private void AccountTo(ref PortState port, int charger, long t)
    {
        var minuteStartMs = port.Minute * MinuteMs;
        var accountedToMs = minuteStartMs + port.AccountedMs;
        if (t <= accountedToMs)
        {
            return;
        }

        var minuteEndMs = minuteStartMs + MinuteMs;
        if (t < minuteEndMs)
        {
            Add(ref port, (int)(t - accountedToMs));
            port.AccountedMs = (ushort)(t - minuteStartMs);
            return;
        }

        Add(ref port, (int)(minuteEndMs - accountedToMs));
        CloseMinute(ref port, charger);
        var wholeMinutes = (int)((t - minuteEndMs) / MinuteMs);
        if (wholeMinutes > 0)
        {
            EmitWholeMinutes(port.Minute, wholeMinutes, charger, port.Port, port.Condition);
            port.Minute += wholeMinutes;
        }

        var rest = (int)(t - (port.Minute * MinuteMs));
        Add(ref port, rest);
        port.AccountedMs = (ushort)rest;
    }

    // Inlined: the timer pass adds a span twice for every port and minute it closes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref PortState port, int span)
    {
        switch (port.Condition)
        {
            case PortCondition.Up:
                port.UpMs = (ushort)(port.UpMs + span);
                break;
            case PortCondition.Down:
                port.DownMs = (ushort)(port.DownMs + span);
                break;
            case PortCondition.Offline:
                port.DownMs = (ushort)(port.DownMs + span);
                port.OfflineMs = (ushort)(port.OfflineMs + span);
                break;
        }
    }

    /// <summary>Emits the port's open minute, its time not accounted counted as unknown, and opens the next one.</summary>
    private void CloseMinute(ref PortState port, int charger)
    {
        Emit(port.Minute * MinuteMs, charger, port.Port, port.UpMs, port.DownMs, port.OfflineMs, (int)MinuteMs - port.UpMs - port.DownMs);
        port.Minute++;
        port.AccountedMs = 0;
        port.UpMs = port.DownMs = port.OfflineMs = 0;
    }

    /// <summary>Emits <paramref name="count"/> minutes from <paramref name="firstMinute"/> on, each wholly in <paramref name="condition"/>.</summary>
    private void EmitWholeMinutes(int firstMinute, int count, int charger, ushort port, PortCondition condition)
    {
        var minute = (int)MinuteMs;
        var up = condition == PortCondition.Up ? minute : 0;
        var down = condition is PortCondition.Down or PortCondition.Offline ? minute : 0;
        var offline = condition == PortCondition.Offline ? minute : 0;
        var unknown = condition == PortCondition.Unknown ? minute : 0;
        for (var m = firstMinute; m < firstMinute + count; m++)
        {
            Emit(m * MinuteMs, charger, port, up, down, offline, unknown);
        }
    }

    private void Emit(long minuteStartMs, int charger, ushort port, int up, int down, int offline, int unknown)
    {
        if (!_batches)
        {
            _sink.OnRollup(new ConnectorRollup(minuteStartMs, charger, port, up, down, offline, unknown));
            return;
        }

        if (_rowCount == RowBatch)
        {
            Flush();
        }

        _rows[_rowCount++] = new ConnectorRollup(minuteStartMs, charger, port, up, down, offline, unknown);
    }

    /// <summary>Whether <paramref name="sink"/> implements <see cref="IAvailabilitySink.OnRollups"/> rather than keeping the default, which takes one row at a time.</summary>
    private static bool TakesRowsInBulk(IAvailabilitySink sink)
    {
        var map = sink.GetType().GetInterfaceMap(typeof(IAvailabilitySink));
        var bulk = Array.FindIndex(map.InterfaceMethods, m => m.Name == nameof(IAvailabilitySink.OnRollups));
        return map.TargetMethods[bulk].DeclaringType != typeof(IAvailabilitySink);
    }

    /// <summary>Hands the collected rows to a bulk sink: before any signal or outage concluded after them, and before returning to the caller.</summary>
    private void Flush()
    {
        if (_rowCount > 0)
        {
            var count = _rowCount;
            _rowCount = 0;
            _sink.OnRollups(_rows.AsSpan(0, count));
        }
    }

    private int PortAt(int c, ref ChargerState charger, ushort port, long t)
    {
        var last = -1;
        for (var p = charger.FirstPort; p >= 0; p = _ports[p].NextPort)
        {
            if (_ports[p].Port == port)
            {
                return p;
            }

            last = p;
        }

        if (_portCount == _ports.Length)
        {
            Array.Resize(ref _ports, _ports.Length * 2);
            Array.Resize(ref _details, _ports.Length);
            Array.Resize(ref _created, _ports.Length);
        }

        var index = _portCount++;
        _created[index] = index;
        if (index > 0 && _details[index - 1].Charger > c)
        {
            _descents++;
        }

        var minute = MinuteOf(t);
        _ports[index] = new PortState
        {
            Port = port,
            NextPort = -1,
            Condition = PortCondition.Unknown,
            Minute = minute,
            AccountedMs = (ushort)(t - (minute * MinuteMs)),
        };
        _details[index] = new PortDetail { Charger = c, OutageStartMs = -1 };
        if (last < 0)
        {
            charger.FirstPort = index;
        }
        else
        {
            _ports[last].NextPort = index;
        }

        return index;
    }

    /// <summary>The minute holding <paramref name="t"/>, counted from the Unix epoch (rounded down, also before it).</summary>
    private static int MinuteOf(long t) => (int)((t >= 0 ? t : t - MinuteMs + 1) / MinuteMs);

    private static bool IsDown(ConnectorStatus status) => status is ConnectorStatus.Faulted or ConnectorStatus.Unavailable;


    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>
    /// Writes stream time and counters, each charger's liveness and port chain, then every port
    /// field by field (its open outage's cause is text, so the ports are not one copy). Ports are
    /// written in creation order and referred to by their rank in it, so what is written does not
    /// depend on how the table is laid out at the time. Times are written in full milliseconds,
    /// as they were before the port table kept them relative to the minute.
    /// </summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        writer.Header(CheckpointSection.Availability, FormatVersion);
        writer.Value(_streamTimeMs);
        writer.Value(EventsProcessed);
        var rank = new int[_portCount];
        for (var k = 0; k < _portCount; k++)
        {
            rank[_created[k]] = k;
        }

        // The chargers are written as one copy of their state: their first ports are turned into ranks for it and back.
        RenumberFirstPorts(rank);
        try
        {
            _chargers.WriteTo(writer, ids);
        }
        finally
        {
            RenumberFirstPorts(_created);
        }

        writer.Count(_portCount);
        for (var k = 0; k < _portCount; k++)
        {
            ref readonly var port = ref _ports[_created[k]];
            ref readonly var detail = ref _details[_created[k]];
            var minuteStartMs = port.Minute * MinuteMs;
            writer.Count(ids.Charger(detail.Charger));
            writer.Count(port.Port);
            writer.Count(port.NextPort < 0 ? port.NextPort : rank[port.NextPort]);
            writer.Count((int)port.Status | ((int)port.Error << 8) | ((int)port.Condition << 16));
            writer.Value(minuteStartMs + port.AccountedMs);
            writer.Value(minuteStartMs);
            writer.Count(port.UpMs);
            writer.Count(port.DownMs);
            writer.Count(port.OfflineMs);
            writer.Count(port.AccountedMs - port.UpMs - port.DownMs);
            writer.Value(detail.OutageStartMs);
            writer.Text(detail.OutageCause is null ? default : System.Text.Encoding.UTF8.GetBytes(detail.OutageCause));
        }
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        reader.Header(CheckpointSection.Availability, FormatVersion);
        _streamTimeMs = reader.Value();
        EventsProcessed = reader.Value();
        _chargers.RestoreFrom(ref reader, map);
        var count = reader.Count((sizeof(int) * 9) + (sizeof(long) * 3));
        _ports = new PortState[Math.Max(_ports.Length, count)];
        _details = new PortDetail[_ports.Length];
        for (var p = 0; p < count; p++)
        {
            ref var port = ref _ports[p];
            ref var detail = ref _details[p];
            detail.Charger = map.Charger(reader.Count());
            port.Port = (ushort)reader.Count();
            port.NextPort = reader.Count();
            var codes = reader.Count();
            port.Status = (ConnectorStatus)(byte)codes;
            port.Error = (ErrorCode)(byte)(codes >> 8);
            port.Condition = (PortCondition)(byte)(codes >> 16);
            var accountedToMs = reader.Value();
            var minuteStartMs = reader.Value();
            var up = reader.Count();
            var down = reader.Count();
            var offline = reader.Count();
            var unknown = reader.Count();
            var accountedMs = accountedToMs - minuteStartMs;
            port.Minute = MinuteOf(minuteStartMs);
            port.AccountedMs = (ushort)accountedMs;
            port.UpMs = (ushort)up;
            port.DownMs = (ushort)down;
            port.OfflineMs = (ushort)offline;
            detail.OutageStartMs = reader.Value();
            var cause = reader.Text();
            detail.OutageCause = detail.OutageStartMs >= 0 ? System.Text.Encoding.UTF8.GetString(cause) : null;
            // The minute's split must add up to the accounted time: the unknown part is not kept but recomputed from it.
            var consistent = minuteStartMs == port.Minute * MinuteMs && accountedMs is >= 0 and < MinuteMs
                && up >= 0 && down >= 0 && offline >= 0 && offline <= down && up + down + unknown == accountedMs;
            if (detail.Charger < 0 || port.NextPort >= count || !consistent)
            {
                throw new InvalidDataException($"Checkpoint of {CheckpointSection.Availability} is corrupt: port {p} is not valid.");
            }
        }

        _portCount = count;
        _created = new int[_ports.Length];
        _descents = 0;
        for (var k = 0; k < count; k++)
        {
            _created[k] = k;
            _descents += k > 0 && _details[k - 1].Charger > _details[k].Charger ? 1 : 0;
        }
    }

    private void RenumberFirstPorts(int[] numbers)
    {
        for (var c = 0; c < _chargers.Length; c++)
        {
            ref var charger = ref _chargers.At(c);
            if (charger.Seen && charger.FirstPort >= 0)
            {
                charger.FirstPort = numbers[charger.FirstPort];
            }
        }
    }
}
