using Telemetry.Decide.Correlation;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Tests.Support;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Files.Incidents;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Tests.Correlation;

public sealed class DecisionReplayTests
{
    private static Signal Raised(string type, double minutes, string cp, ushort? port, SignalEvidence evidence) =>
        new(type, SignalState.Raised, Scenario.At(minutes), cp, port, port is null ? SignalScope.Charger : SignalScope.Connector, evidence);

    private static Signal Cleared(string type, double minutes, string cp, ushort? port) =>
        new(type, SignalState.Cleared, Scenario.At(minutes), cp, port, port is null ? SignalScope.Charger : SignalScope.Connector, new SignalEvidence());

    /// <summary>A day with a site power loss, a faulted connector, a flapping link, a firmware campaign gone wrong and a reset that holds.</summary>
    private static (List<Signal> Signals, List<(string Cp, TelemetryEvent Event)> Events) Day()
    {
        var signals = new List<Signal>();
        var events = new List<(string, TelemetryEvent)>();
        void Event(EventKind kind, double minutes, string cp, byte detail = 0, byte reason = 0, EventOrigin origin = EventOrigin.Charger)
        {
            var e = TelemetryEvent.Create(kind, Scenario.At(minutes), -1, OcppVersion.V201);
            e.Detail = detail;
            e.Reason = reason;
            e.Origin = origin;
            events.Add((cp, e));
        }

        foreach (var cp in new[] { "CP-A1", "CP-A2", "CP-A3", "CP-A4" })
        {
            signals.Add(Raised(SignalTypes.CommsOffline, 100, cp, null, new SignalEvidence { Reason = "disconnected", LastSeenMs = Scenario.At(100) }));
            signals.Add(Raised(SignalTypes.AvailabilityOutage, 100, cp, 1, new SignalEvidence { Cause = "offline" }));
            Event(EventKind.Disconnected, 100, cp);
            Event(EventKind.Connected, 160, cp);
            signals.Add(Cleared(SignalTypes.CommsOffline, 160, cp, null));
            signals.Add(Cleared(SignalTypes.AvailabilityOutage, 160, cp, 1));
            Event(EventKind.Boot, 160.1, cp, detail: (byte)BootReason.PowerUp);
        }

        signals.Add(Raised(SignalTypes.AvailabilityOutage, 30, "CP-B1", 2, new SignalEvidence { Cause = "faulted", Status = "Faulted", ErrorCode = "GroundFailure" }));
        signals.Add(Raised(SignalTypes.CommsUnstable, 200, "CP-C1", null, new SignalEvidence { Count = 3 }));
        Event(EventKind.CommandResult, 206.5, "CP-C1", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.TriggerMessage);
        Event(EventKind.ResetResult, 207, "CP-C1", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.Reset);
        signals.Add(Cleared(SignalTypes.CommsUnstable, 215, "CP-C1", null));
        signals.Add(Raised("firmware.failure", 400, "CP-A1", null, new SignalEvidence { Status = "InstallationFailed" }));
        signals.Add(Raised("firmware.failure", 430, "CP-B2", null, new SignalEvidence { Status = "InstallationFailed" }));
        return (signals, events);
    }

    private static (byte[] Incidents, byte[] Commands) Run(IEnumerable<Signal> signals, IEnumerable<(string Cp, TelemetryEvent Event)> events)
    {
        var registry = new ChargerRegistry();
        var interned = new List<TelemetryEvent>();
        foreach (var (cp, e) in events)
        {
            var copy = e;
            copy.Charger = registry.Intern(cp.AsSpan());
            interned.Add(copy);
        }

        var log = new DecisionLog();
        var correlator = new SiteCorrelator(new EscalationPolicyOptions(), new FleetInventory(Scenario.DefaultFleet()), registry, log);
        DecisionReplay.Run(correlator, signals, interned, registry, Scenario.At(3 * 24 * 60));
        var directory = Directory.CreateTempSubdirectory("decide-");
        try
        {
            var incidents = Path.Combine(directory.FullName, "incidents.jsonl");
            var commands = Path.Combine(directory.FullName, "commands.jsonl");
            IncidentJsonWriter.WriteFile(incidents, log.Incidents);
            CommandJsonWriter.WriteFile(commands, log.Commands);
            return (File.ReadAllBytes(incidents), File.ReadAllBytes(commands));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Run_WritesByteIdenticalFiles_WhenRunTwice()
    {
        var (signals, events) = Day();

        var first = Run(signals, events);
        var second = Run(signals, events);

        Assert.NotEmpty(first.Incidents);
        Assert.NotEmpty(first.Commands);
        Assert.Equal(first.Incidents, second.Incidents);
        Assert.Equal(first.Commands, second.Commands);
    }

    [Fact]
    public void Run_WritesSameFiles_WhenInputsArriveInAnotherOrder()
    {
        var (signals, events) = Day();
        var first = Run(signals, events);

        // Another partitioning: signals in reverse, events grouped by charger (each charger's own order kept).
        var regrouped = events.OrderBy(e => e.Cp, StringComparer.Ordinal).ToList();
        var second = Run(Enumerable.Reverse(signals), regrouped);

        Assert.Equal(first.Incidents, second.Incidents);
        Assert.Equal(first.Commands, second.Commands);
    }

    [Fact]
    public void Run_FiresDeadlinesUpToEnd_WhenNoInputFollows()
    {
        var registry = new ChargerRegistry();
        var log = new DecisionLog();
        var correlator = new SiteCorrelator(new EscalationPolicyOptions(), new FleetInventory(Scenario.DefaultFleet()), registry, log);
        Signal[] signals = [Raised(SignalTypes.AvailabilityOutage, 0, "CP-A1", 1, new SignalEvidence { Cause = "faulted", Status = "Faulted" })];

        DecisionReplay.Run(correlator, signals, [], registry, Scenario.At(5));
        Assert.Empty(log.Incidents);
        correlator.Tick(Scenario.At(6));

        Assert.Equal(IncidentState.Opened, log.Incidents[0].State);
        // A Faulted status without a code is hardware, whose initial owner is techops.
        Assert.Equal(Owner.Techops, correlator.OpenIncidents().Single().Owner);
    }
}
