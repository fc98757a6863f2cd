using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Auth;

/*
 * Authorisation state machine, one instance per partition (single-threaded).
 *
 * Verdicts: every AuthResult whose status is Accepted or a rejection (IsRejection). ConcurrentTx
 *   (the token is charging elsewhere: reader and backend both worked) and unrecognised statuses
 *   are not verdicts. A 1.6 StartTransaction answer within SameAttemptWithin of an Authorize
 *   answer with the same verdict is the same attempt and is not counted again; a rejection within
 *   RetryWithin of the previous one is the same driver retrying and is not counted again.
 * Signal, per charger: Quiet ──counted rejection with ≥ RejectionsToRaise rejections and
 *   ≥ RejectionShare of the verdicts within (t − Window, t]──▶ Raised ──AcceptsToClear accepts in a row──▶ Quiet
 * Fleet: every verdict also goes to a BackendOutageView (shared or the detector's own), before
 *   the charger is judged; a charger's signal raised while the view sees an outage has cause
 *   "backend" and BackendOutage = true, otherwise cause "charger" and BackendOutage = false, so
 *   the correlator can tell a reader's failure from the backend's. Both are raised: the
 *   detector's view is partial unless shared (see BackendOutageView), so it marks, not suppresses.
 *   Tick ages only a view of the detector's own; a shared view is aged by its verdicts and by
 *   its owner, who knows the slowest partition's watermark.
 * Events of one charger are expected in event-time order; one that goes back in time is applied
 * at the charger's latest time and counted as reordered.
 */

/// <summary>Raises <c>auth.failures</c> for chargers that refuse most drivers, separating a fleet-wide backend outage (DESIGN §2.3).</summary>
public sealed class AuthFailureDetector : IEventDetector, ICheckpointState
{
    private const double MinuteMs = 60_000;
    private const int AcceptedTag = 0;
    private const int RejectedTag = 1;

    private readonly AuthOptions _options;
    private readonly FleetInventory _inventory;
    private readonly ISignalSink _sink;
    private readonly long _windowMs;
    private readonly long _retryMs;
    private readonly long _sameAttemptMs;
    private readonly ChargerStates<AuthState> _chargers = new();
    private readonly bool _ownsFleet;

    /// <param name="fleet">A view shared with other partitions' detectors; null gives the detector a view of its own partition, signalling to <paramref name="sink"/>.</param>
    public AuthFailureDetector(ChargerRegistry chargers, AuthOptions options, FleetInventory inventory, ISignalSink sink, BackendOutageView? fleet = null)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Chargers = chargers;
        _options = options;
        _inventory = inventory;
        _sink = sink;
        _windowMs = (long)options.Window.TotalMilliseconds;
        _retryMs = (long)options.RetryWithin.TotalMilliseconds;
        _sameAttemptMs = (long)options.SameAttemptWithin.TotalMilliseconds;
        _ownsFleet = fleet is null;
        Fleet = fleet ?? new BackendOutageView(options, sink);
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>The fleet-wide view this detector feeds.</summary>
    public BackendOutageView Fleet { get; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    /// <summary>
    /// The statuses that refuse a driver (1.6 AuthorizationStatus, 2.0.1 AuthorizationStatusEnumType):
    /// Blocked, Expired, Invalid, NoCredit, NotAllowedTypeEVSE, NotAtThisLocation, NotAtThisTime,
    /// Unknown. Not ConcurrentTx: the token was recognised, it is charging elsewhere.
    /// </summary>
    public static bool IsRejection(AuthorizationStatus status) => status is
        AuthorizationStatus.Blocked or AuthorizationStatus.Expired or AuthorizationStatus.Invalid or AuthorizationStatus.NoCredit
        or AuthorizationStatus.NotAllowedTypeEVSE or AuthorizationStatus.NotAtThisLocation or AuthorizationStatus.NotAtThisTime
        or AuthorizationStatus.Unknown;

    /// <summary>Counted verdicts of <paramref name="charger"/> so far.</summary>
    public AuthCounts CountsOf(int charger) =>
        (uint)charger < (uint)_chargers.Length ? new AuthCounts(_chargers.At(charger).Accepted, _chargers.At(charger).Rejected) : default;

    public void OnEvent(in TelemetryEvent e)
    {
        if (e.Kind != EventKind.AuthResult)
        {
            return;
        }

        var status = (AuthorizationStatus)e.Detail;
        var rejected = IsRejection(status);
        if (!rejected && status != AuthorizationStatus.Accepted)
        {
            return;
        }

        var c = e.Charger;
        ref var charger = ref _chargers.At(c);
        var t = _chargers.InOrder(c, e.TimestampMs);
        if ((AuthContext)e.Reason == AuthContext.Authorize)
        {
            charger.HasAuthorize = true;
            charger.LastAuthorizeMs = t;
            charger.LastAuthorizeRejected = rejected;
        }
        else if (charger.HasAuthorize && charger.LastAuthorizeRejected == rejected && t - charger.LastAuthorizeMs <= _sameAttemptMs)
        {
            return;
        }

        if (rejected && charger.HasRejection && t - charger.LastRejectionMs <= _retryMs)
        {
            charger.LastRejectionMs = t;
            return;
        }

        if (!charger.SiteKnown)
        {
            charger.SiteKnown = true;
            charger.Site = Fleet.SiteId(_inventory.SiteOf(Chargers.NameOf(c)));
        }

        Fleet.OnVerdict(c, charger.Site, t, rejected);
        if (rejected)
        {
            charger.HasRejection = true;
            charger.LastRejectionMs = t;
            charger.LastRejected = status;
            charger.Rejected++;
            OnRejection(c, ref charger, t);
        }
        else
        {
            charger.Accepted++;
            OnAccept(c, ref charger, t);
        }
    }

    /// <summary>
    /// Ages the detector's own fleet view to <paramref name="watermarkMs"/> (latest event time
    /// minus the lateness the caller allows). A shared view is left to whoever shares it: one
    /// partition's watermark runs ahead of the others', and would drop the verdicts they have yet
    /// to deliver as soon as they arrive.
    /// </summary>
    public void Tick(long watermarkMs)
    {
        if (_ownsFleet)
        {
            Fleet.Tick(watermarkMs);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnAccept(int c, ref AuthState charger, long t)
    {
        charger.Verdicts.Add(t, AcceptedTag);
        if (!charger.Raised || ++charger.AcceptsInRow < _options.AcceptsToClear)
        {
            return;
        }

        charger.Raised = false;
        _sink.OnSignal(new SignalValue(SignalTypes.AuthFailures, SignalState.Cleared, t, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Count = charger.EpisodeRejections,
                SinceMs = charger.RaisedAtMs,
                DurationMinutes = (t - charger.RaisedAtMs) / MinuteMs,
            }));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnRejection(int c, ref AuthState charger, long t)
    {
        charger.Verdicts.Add(t, RejectedTag);
        if (charger.Raised)
        {
            charger.EpisodeRejections++;
            charger.AcceptsInRow = 0;
            return;
        }

        var counts = charger.Verdicts.CountAfter(t - _windowMs, 1 << RejectedTag, out var firstMs);
        var rejections = counts.Tag1;
        if (rejections < _options.RejectionsToRaise || rejections < _options.RejectionShare * counts.Total)
        {
            return;
        }

        charger.Raised = true;
        charger.RaisedAtMs = t;
        charger.EpisodeRejections = rejections;
        charger.AcceptsInRow = 0;
        var backend = Fleet.InOutage;
        _sink.OnSignal(new SignalValue(SignalTypes.AuthFailures, SignalState.Raised, t, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                Cause = backend ? "backend" : "charger",
                BackendOutage = backend,
                Count = rejections,
                Attempts = counts.Total,
                Share = rejections / (double)counts.Total,
                WindowMinutes = _windowMs / MinuteMs,
                FirstMs = firstMs,
                LastMs = t,
                AuthStatus = EnumText<AuthorizationStatus>.Of(charger.LastRejected),
            }));
    }

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes every charger's verdict history, then the fleet view it feeds (its own or a shared one: the partition's copy either way).</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.Auth, FormatVersion);
        _chargers.WriteTo(writer, ids);
        Fleet.WriteTo(writer, ids);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        reader.Header(CheckpointSection.Auth, FormatVersion);
        _chargers.RestoreFrom(ref reader, map);
        Fleet.RestoreFrom(ref reader, map);
    }
}
