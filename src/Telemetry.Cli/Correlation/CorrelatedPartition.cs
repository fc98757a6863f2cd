using Telemetry.Cli.Pipeline;
using Telemetry.Decide.Correlation;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Engine;
using Telemetry.Engine.Auth;
using Telemetry.Engine.Inventory;
using Telemetry.Kafka.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Correlation;

/*
 * One partition of telemetry.decisions and its site correlator (single-threaded).
 *
 * Records of many events partitions (sources) interleave here in whatever order Kafka delivered
 * them. Each is first checked against the last position taken from its source: a position not
 * beyond it is a re-published duplicate and is dropped. Signals and events are held in a queue
 * in DecisionReplay's order; authorisation results in a second queue for the fleet-wide backend
 * view. A watermark record raises its source's watermark; once the lowest of all sources' rises,
 * everything dated before it is released: authorisation results first, into the view, whose
 * fleet-wide signals join the main queue; then the main queue, into the correlator; then the
 * correlator's deadlines fire up to the watermark. What is released therefore depends only on
 * the set of records, not on their interleaving, and equals what replay feeds its correlator.
 *
 * Outputs go through a gate closed while the record being read lies before the offset the group
 * committed: those were delivered by an earlier owner, and are recomputed only to rebuild state.
 *
 * Live, a source that falls silent (its process worker down, or an events partition without
 * traffic) would hold the lowest watermark back for ever, and with it every deadline. The
 * CorrelateClock lets the wall clock stand in for such a source (TickByWallClock); its outputs
 * are published whatever the gate said, as they come after everything read.
 */

/// <summary>A decisions partition's correlator, fed in event-time order on the sources' lowest watermark.</summary>
internal sealed partial class CorrelatedPartition
{
    private const long MinuteMs = 60_000;

    private readonly SiteCorrelator _correlator;
    private readonly GatedDecisionSink _gate;
    private readonly ChargerRegistry _chargers;
    private readonly TextCodeRegistry _texts;
    private readonly PriorityQueue<PendingInput, PendingInput> _pending = new(PendingOrder.Instance);
    private readonly PriorityQueue<PendingInput, PendingInput> _auth = new(PendingOrder.Instance);
    private readonly long[] _watermarks;
    private readonly DecisionPosition?[] _last;
    private readonly SignalList _fleetSignals = new();
    private readonly BackendOutageView _view;
    private readonly AuthFailureDetector _authDetector;
    private readonly CorrelateClock? _clock;
    private readonly long _configuration;
    private long _authMinute = long.MinValue;
    private long _newestInputMs = long.MinValue;

    /// <param name="sources">Partition count of the events topic: every one must pass a time before it is released.</param>
    /// <param name="committed">The group's committed offset: outputs of earlier records are not published again.</param>
    /// <param name="clock">The wall clock that stands in for silent sources while live; null: only watermarks move time.</param>
    public CorrelatedPartition(
        int partition,
        int sources,
        long committed,
        EscalationPolicyOptions policy,
        DetectorOptions detectors,
        FleetInventory inventory,
        ChargerRegistry chargers,
        TextCodeRegistry texts,
        IDecisionSink output,
        CorrelateClock? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sources, 1);
        ArgumentNullException.ThrowIfNull(detectors);
        Partition = partition;
        Committed = committed;
        _chargers = chargers;
        _texts = texts;
        _gate = new GatedDecisionSink(output);
        _correlator = new SiteCorrelator(policy, inventory, chargers, _gate);
        _watermarks = new long[sources];
        Array.Fill(_watermarks, long.MinValue);
        _last = new DecisionPosition?[sources];
        _clock = clock;
        // As FleetAuthPass in replay: only the view's fleet-wide signals are kept.
        _view = new BackendOutageView(detectors.Auth, _fleetSignals);
        _authDetector = new AuthFailureDetector(chargers, detectors.Auth, inventory, DiscardedSignals.Instance, _view);
        _configuration = ConfigurationChecksum(policy, detectors, sources);
    }

    public int Partition { get; }

    /// <summary>The group's committed offset when this partition was assigned.</summary>
    public long Committed { get; }

    /// <summary>The next offset expected; earlier ones (a re-delivery) are ignored.</summary>
    public long Next { get; private set; }

    /// <summary>Everything dated before this was released to the correlator, Unix ms.</summary>
    public long ReleasedMs { get; private set; } = long.MinValue;

    /// <summary>Event time between the newest input held and <see cref="ReleasedMs"/>.</summary>
    public long HeldBackMs => _newestInputMs == long.MinValue || ReleasedMs == long.MinValue ? 0 : Math.Max(0, _newestInputMs - ReleasedMs);

    public long Duplicates { get; private set; }

    public long LateInputs { get; private set; }

    public long Malformed { get; private set; }

    /// <summary>Times the wall clock released the partition past its sources' lowest watermark.</summary>
    public long WallClockReleases { get; private set; }

    /// <summary>True when the wall clock might release the partition now (live input, a source silent): worth asking whether it is caught up.</summary>
    public bool WallClockDue => _clock is not null && _clock.IsLive && _clock.AnySilent();

    /// <summary>Outputs recomputed while rebuilding state and not published.</summary>
    public long Suppressed => _gate.Dropped;

    public IReadOnlyList<IncidentRecord> OpenIncidents() => _correlator.OpenIncidents();

    public void OnRecord(long offset, ReadOnlySpan<byte> value)
    {
        if (offset < Next)
        {
            return;
        }

        Next = offset + 1;
        _gate.Suppressed = offset < Committed;
        if (!DecisionCodec.TryReadHeader(value, out var kind, out var position) || (uint)position.SourcePartition >= (uint)_watermarks.Length)
        {
            Bad();
            return;
        }

        _clock?.OnRecord(position.SourcePartition);
        if (_last[position.SourcePartition] is { } last && position <= last)
        {
            Duplicates++;
            CorrelateMetrics.Duplicates.Inc();
            return;
        }

        _last[position.SourcePartition] = position;
        switch (kind)
        {
            case DecisionRecordKind.Watermark:
                if (!DecisionCodec.TryReadWatermark(value, out var watermark))
                {
                    Bad();
                    return;
                }

                _watermarks[position.SourcePartition] = Math.Max(_watermarks[position.SourcePartition], watermark);
                _clock?.OnWatermark(position.SourcePartition, watermark);
                Release();
                break;
            case DecisionRecordKind.Signal:
                if (SignalPayload.TryDecode(DecisionCodec.Payload(value)) is not { } signal)
                {
                    Bad();
                    return;
                }

                Hold(_pending, PendingInput.ForSignal(signal, position));
                break;
            default:
                if (!DecisionCodec.TryReadEvent(value, _chargers, _texts, out var e))
                {
                    Bad();
                    return;
                }

                Hold(kind == DecisionRecordKind.AuthResult ? _auth : _pending, PendingInput.ForEvent(e, _chargers.NameOf(e.Charger), position));
                break;
        }
    }

    /// <summary>
    /// Advances the correlator's clock to <paramref name="nowMs"/> without new input, firing its
    /// deadlines: the seam for a wall clock when the input is idle. Inputs dated before it that
    /// arrive later are applied as late.
    /// </summary>
    public void Tick(long nowMs)
    {
        if (nowMs > ReleasedMs)
        {
            ReleaseUpTo(nowMs);
        }
    }

    /// <summary>
    /// Releases the partition as far as the wall clock allows when some sources are silent (see
    /// <see cref="CorrelateClock"/>); true when it moved.
    /// </summary>
    /// <param name="caughtUp">True when every record of the decisions partition written so far was read.</param>
    public bool TickByWallClock(bool caughtUp)
    {
        if (_clock is null)
        {
            return false;
        }

        var to = _clock.ReleaseTimeMs(_watermarks, caughtUp);
        if (to == long.MinValue || to <= ReleasedMs)
        {
            return false;
        }

        _gate.Suppressed = false;
        WallClockReleases++;
        ReleaseUpTo(to);
        return true;
    }

    private void Hold(PriorityQueue<PendingInput, PendingInput> queue, PendingInput input)
    {
        _newestInputMs = Math.Max(_newestInputMs, input.TimeMs);
        if (input.TimeMs < ReleasedMs)
        {
            // Dated before what was released: the order is lost for it; apply it now rather than never.
            LateInputs++;
            CorrelateMetrics.LateInputs.Inc();
            if (ReferenceEquals(queue, _auth))
            {
                FeedAuth(input);
                MoveFleetSignals(input.Position);
            }
            else
            {
                Apply(input);
            }

            return;
        }

        queue.Enqueue(input, input);
    }

    private void Release()
    {
        var lowest = long.MaxValue;
        foreach (var watermark in _watermarks)
        {
            lowest = Math.Min(lowest, watermark);
        }

        if (lowest != long.MinValue && lowest > ReleasedMs)
        {
            ReleaseUpTo(lowest);
        }
    }

    private void ReleaseUpTo(long watermark)
    {
        while (_auth.TryPeek(out var auth, out _) && auth.TimeMs < watermark)
        {
            _auth.Dequeue();
            FeedAuth(auth);
            MoveFleetSignals(auth.Position);
        }

        while (_pending.TryPeek(out var input, out _) && input.TimeMs < watermark)
        {
            _pending.Dequeue();
            Apply(input);
        }

        ReleasedMs = Math.Max(ReleasedMs, watermark);
        _correlator.Tick(watermark - 1);
    }

    private void FeedAuth(PendingInput auth)
    {
        // The view's clock moves once per minute of authorisation results, as in FleetAuthPass.
        var e = auth.Event;
        if (e.TimestampMs / MinuteMs != _authMinute)
        {
            _authMinute = e.TimestampMs / MinuteMs;
            _view.Tick(e.TimestampMs);
        }

        _authDetector.OnEvent(e);
    }

    private void MoveFleetSignals(DecisionPosition from)
    {
        foreach (var signal in _fleetSignals)
        {
            // Derived here rather than read: it takes the position of the result that raised it.
            var input = PendingInput.ForSignal(signal, from);
            if (signal.TimestampMs < ReleasedMs)
            {
                LateInputs++;
                CorrelateMetrics.LateInputs.Inc();
                Apply(input);
            }
            else
            {
                _pending.Enqueue(input, input);
            }
        }

        _fleetSignals.Clear();
    }

    private void Apply(PendingInput input)
    {
        if (input.Signal is { } signal)
        {
            _correlator.OnSignal(signal);
        }
        else
        {
            _correlator.OnEvent(input.Event);
        }
    }

    private void Bad()
    {
        Malformed++;
        CorrelateMetrics.Malformed.Inc();
    }
}
