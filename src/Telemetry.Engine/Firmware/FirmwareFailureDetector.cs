using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Firmware;

/*
 * Firmware failure state machine, one instance per partition (single-threaded).
 *
 * FirmwareStatusNotification (1.6, 1.6 security extension SignedFirmwareStatusNotification, 2.0.1):
 *   failure = DownloadFailed, InstallationFailed, InstallVerificationFailed, InvalidSignature.
 * Signal: Quiet ──N-th failure within (t − Window, t]──▶ Raised ──Installed──▶ Quiet
 *   Only Installed clears: a new attempt (Downloading, Installing) may fail again, and Idle
 *   answers a TriggerMessage without saying whether the last update took.
 * Which firmware and model failed is the inventory's knowledge; the correlator adds it when it
 * groups the chargers of one model into a fleet incident.
 * Events of one charger are expected in event-time order; one that goes back in time is applied
 * at the charger's latest time and counted as reordered.
 */

/// <summary>Raises <c>firmware.failure</c> per charger when a firmware update fails (DESIGN §2.3).</summary>
public sealed class FirmwareFailureDetector : IEventDetector, ICheckpointState
{
    private const double MinuteMs = 60_000;

    private readonly ISignalSink _sink;
    private readonly int _toRaise;
    private readonly long _windowMs;
    private readonly ChargerStates<FirmwareState> _chargers = new();

    public FirmwareFailureDetector(ChargerRegistry chargers, FirmwareOptions options, ISignalSink sink)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        Chargers = chargers;
        _sink = sink;
        _toRaise = options.FailuresToRaise;
        _windowMs = (long)options.Window.TotalMilliseconds;
    }

    /// <summary>The registry the events' charger ids refer to.</summary>
    public ChargerRegistry Chargers { get; }

    /// <summary>Events older than an earlier event of the same charger (applied at the later time).</summary>
    public long ReorderedEvents => _chargers.ReorderedEvents;

    /// <summary>True for the statuses that end an update attempt in failure.</summary>
    public static bool IsFailure(FirmwareStatus status) =>
        status is FirmwareStatus.DownloadFailed or FirmwareStatus.InstallationFailed
            or FirmwareStatus.InstallVerificationFailed or FirmwareStatus.InvalidSignature;

    /// <summary>No timers: a firmware failure lasts until the charger reports Installed.</summary>
    public void Tick(long watermarkMs)
    {
    }

    public void OnEvent(in TelemetryEvent e)
    {
        if (e.Kind != EventKind.Firmware || !e.IsFromCharger)
        {
            return;
        }

        var status = (FirmwareStatus)e.Detail;
        var failed = IsFailure(status);
        if (!failed && status != FirmwareStatus.Installed)
        {
            return;
        }

        ref var charger = ref _chargers.At(e.Charger);
        var t = _chargers.InOrder(e.Charger, e.TimestampMs);
        if (failed)
        {
            OnFailure(e.Charger, ref charger, status, e.Value2, t);
        }
        else if (charger.Failures.Raised)
        {
            OnInstalled(e.Charger, ref charger, e.Value2, t);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnInstalled(int c, ref FirmwareState charger, int requestId, long t)
    {
        charger.Failures.Raised = false;
        _sink.OnSignal(new SignalValue(SignalTypes.FirmwareFailure, SignalState.Cleared, t, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                FirmwareStatus = nameof(FirmwareStatus.Installed),
                RequestId = RequestIdOf(requestId),
                Count = charger.Failures.EpisodeCount,
                SinceMs = charger.Failures.RaisedAtMs,
                DurationMinutes = (t - charger.Failures.RaisedAtMs) / MinuteMs,
            }));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnFailure(int c, ref FirmwareState charger, FirmwareStatus status, int requestId, long t)
    {
        charger.Failures.Add(t);
        if (!charger.Failures.TryRaise(t, _windowMs, _toRaise, out var failures, out var firstMs))
        {
            return;
        }

        _sink.OnSignal(new SignalValue(SignalTypes.FirmwareFailure, SignalState.Raised, t, Chargers.NameOf(c), null, SignalScope.Charger,
            new SignalEvidence
            {
                FirmwareStatus = EnumText<FirmwareStatus>.Of(status),
                RequestId = RequestIdOf(requestId),
                Count = failures,
                WindowMinutes = _windowMs / MinuteMs,
                FirstMs = firstMs,
                LastMs = t,
            }));
    }

    /// <summary>1.6 FirmwareStatusNotification carries no requestId (0 in the event).</summary>
    private static int? RequestIdOf(int value2) => value2 == 0 ? null : value2;

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes every charger's failure window.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.Firmware, FormatVersion);
        _chargers.WriteTo(writer, ids);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        reader.Header(CheckpointSection.Firmware, FormatVersion);
        _chargers.RestoreFrom(ref reader, map);
    }
}
