using Telemetry.Engine.Alarms;
using Telemetry.Engine.Auth;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Comms;
using Telemetry.Engine.Firmware;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Power;
using Telemetry.Engine.Resets;
using Telemetry.Engine.Restarts;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine;

/// <summary>
/// The window detectors of one partition (everything but availability), in the order each
/// event and each timer pass reaches them. They are held as their own sealed types and called
/// directly: a loop over <see cref="IEventDetector"/> made one interface call per detector and
/// event from a call site that sees nine types, which the runtime resolves through a stub's hash
/// lookup each time — about a tenth of the detectors' time per event.
/// </summary>
public sealed class WindowDetectors
{
    /// <param name="sink">Where signals and ended sessions go.</param>
    /// <param name="backendOutageSink">
    /// Where the authorisation detector's own view of a fleet-wide backend outage signals: a partition
    /// only marks its chargers' signals with it when the fleet-wide signal comes from elsewhere.
    /// </param>
    public WindowDetectors(ChargerRegistry chargers, TextCodeRegistry texts, FleetInventory inventory, DetectorOptions options, ISessionSink sink, ISignalSink backendOutageSink)
    {
        ArgumentNullException.ThrowIfNull(options);
        Comms = new CommsStabilityDetector(chargers, options.Comms, sink);
        Calls = new UnansweredCallsDetector(chargers, options.UnansweredCalls, sink);
        Resets = new ResetDetector(chargers, options.Resets, sink);
        Alarms = new AlarmDetector(chargers, texts, options.Alarms, sink);
        Firmware = new FirmwareFailureDetector(chargers, options.Firmware, sink);
        Derating = new DeratingDetector(chargers, inventory, texts, options.Derating, sink);
        Sessions = new SessionDetector(chargers, options.Sessions, sink);
        Auth = new AuthFailureDetector(chargers, options.Auth, inventory, sink, new BackendOutageView(options.Auth, backendOutageSink));
        Restarts = new RestartEfficacyDetector(chargers, options.Restarts, sink);
        All = [Comms, Calls, Resets, Alarms, Firmware, Derating, Sessions, Auth, Restarts];
    }

    public CommsStabilityDetector Comms { get; }

    public UnansweredCallsDetector Calls { get; }

    public ResetDetector Resets { get; }

    public AlarmDetector Alarms { get; }

    public FirmwareFailureDetector Firmware { get; }

    public DeratingDetector Derating { get; }

    public SessionDetector Sessions { get; }

    public AuthFailureDetector Auth { get; }

    public RestartEfficacyDetector Restarts { get; }

    /// <summary>Every detector in the order events reach them; also the order of their checkpoint sections.</summary>
    public IReadOnlyList<IEventDetector> All { get; }

    /// <summary>Every detector's state, in <see cref="All"/>'s order.</summary>
    public IEnumerable<ICheckpointState> Checkpointed => All.Cast<ICheckpointState>();

    public void OnEvent(in TelemetryEvent e)
    {
        Comms.OnEvent(e);
        Calls.OnEvent(e);
        Resets.OnEvent(e);
        Alarms.OnEvent(e);
        Firmware.OnEvent(e);
        Derating.OnEvent(e);
        Sessions.OnEvent(e);
        Auth.OnEvent(e);
        Restarts.OnEvent(e);
    }

    /// <summary>Fires what is due at <paramref name="watermarkMs"/> in every detector.</summary>
    public void Tick(long watermarkMs)
    {
        Comms.Tick(watermarkMs);
        Calls.Tick(watermarkMs);
        Resets.Tick(watermarkMs);
        Alarms.Tick(watermarkMs);
        Firmware.Tick(watermarkMs);
        Derating.Tick(watermarkMs);
        Sessions.Tick(watermarkMs);
        Auth.Tick(watermarkMs);
        Restarts.Tick(watermarkMs);
    }
}
