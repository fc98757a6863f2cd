using Telemetry.Engine.Availability;
using Telemetry.Engine.Comms;
using Telemetry.Engine.Health;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Resets;
using Telemetry.Engine.Rollups;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Uptime;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Tests.Rollups;

/// <summary>
/// The detectors minute activity reads from, wired as a partition wires them: availability first,
/// then sessions, resets and unanswered calls, then the minute activity stage.
/// </summary>
internal sealed class ActivityPipeline : IAvailabilitySink, ISessionSink, IMinuteActivitySink
{
    private readonly AvailabilityDetector _availability;
    private readonly SessionDetector _sessions;
    private readonly ResetDetector _resets;
    private readonly UnansweredCallsDetector _calls;
    private readonly MinuteActivity _activity;

    public ActivityPipeline(ChargerRegistry chargers, ExclusionOptions? exclusions = null, FleetInventory? inventory = null)
    {
        _availability = new AvailabilityDetector(chargers, new AvailabilityOptions(), this);
        _sessions = new SessionDetector(chargers, new SessionOptions(), this);
        _resets = new ResetDetector(chargers, new ResetOptions(), this);
        _calls = new UnansweredCallsDetector(chargers, new UnansweredCallsOptions(), this);
        var calendar = new ExclusionCalendar(chargers, inventory ?? FleetInventory.Empty, exclusions ?? new ExclusionOptions());
        _activity = new MinuteActivity(calendar, new HealthOptions(), this, _sessions, _resets, _calls);
    }

    public List<ConnectorRollup> Connectors { get; } = [];

    public List<ChargerMinute> ChargerMinutes { get; } = [];

    public List<SessionRecord> Sessions { get; } = [];

    public UptimeLedger Uptime { get; } = new();

    public SessionDetector SessionDetector => _sessions;

    public ActivityPipeline Run(IEnumerable<TelemetryEvent> events, long endMs)
    {
        foreach (var e in events)
        {
            _availability.OnEvent(e);
            _sessions.OnEvent(e);
            _resets.OnEvent(e);
            _calls.OnEvent(e);
            _activity.OnEvent(e);
        }

        _availability.Finish(endMs);
        _sessions.Tick(endMs);
        _activity.Finish();
        return this;
    }

    public void OnRollup(in ConnectorRollup rollup) => _activity.OnRollup(rollup);

    public void OnOutage(Outage outage)
    {
    }

    public void OnSignal(Signal signal)
    {
    }

    public void OnSession(in SessionRecord session)
    {
        Sessions.Add(session);
        _activity.OnSession(session);
    }

    public void OnConnectorMinute(in ConnectorRollup minute)
    {
        Connectors.Add(minute);
        Uptime.Add(minute);
    }

    public void OnChargerMinute(in ChargerMinute minute) => ChargerMinutes.Add(minute);
}
