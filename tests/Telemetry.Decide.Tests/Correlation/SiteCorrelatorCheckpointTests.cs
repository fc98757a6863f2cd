using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Telemetry.Decide.Correlation;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Tests.Support;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;
using Telemetry.Files.Incidents;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Tests.Correlation;

/// <summary>
/// A correlator checkpointed after any number of inputs and restored into a fresh instance gives,
/// for the remaining inputs, the records of an uninterrupted run.
/// </summary>
public sealed class SiteCorrelatorCheckpointTests
{
    private static readonly long s_end = Scenario.At(3 * 24 * 60);

    [Fact]
    public void RestoreFrom_GivesTheRecordsOfAnUninterruptedRun_WhateverInputItWasTakenAfter()
    {
        var inputs = Day();
        var chargers = new ChargerRegistry();
        var reference = Run(inputs, chargers, cut: null);
        Assert.Contains(reference.Incidents, line => line.Contains("\"site\"", StringComparison.Ordinal));
        Assert.Contains(reference.Commands, line => line.Contains("Reset", StringComparison.Ordinal));

        for (var cut = 0; cut <= inputs.Count; cut++)
        {
            var restored = Run(inputs, chargers, cut);

            Assert.Equal(reference.Incidents, restored.Incidents);
            Assert.Equal(reference.Commands, restored.Commands);
            Assert.Equal(reference.Open, restored.Open);
        }
    }

    [Fact]
    public void RestoreFrom_KeepsIncidentIdsUnique_WhenASilenceWithTheSameOnsetReturns()
    {
        // Two silences since the same last contact: the second incident's id must differ from the
        // first's, which only the ids handed out before the checkpoint tell.
        var chargers = new ChargerRegistry();
        var offline = new Signal(SignalTypes.CommsOffline, SignalState.Raised, Scenario.At(10), "CP-A1", null, SignalScope.Charger,
            new SignalEvidence { Reason = "heartbeat_timeout", LastSeenMs = Scenario.At(0) });
        var back = new Signal(SignalTypes.CommsOffline, SignalState.Cleared, Scenario.At(11), "CP-A1", null, SignalScope.Charger, new SignalEvidence());
        var again = offline with { TimestampMs = Scenario.At(40) };

        string IdAfter(SiteCorrelator correlator, DecisionLog log)
        {
            correlator.OnSignal(again);
            correlator.Tick(Scenario.At(60));
            return Assert.Single(log.Incidents.Select(r => r.Incident).Distinct());
        }

        var uninterruptedLog = new DecisionLog();
        var uninterrupted = NewCorrelator(chargers, uninterruptedLog);
        var writer = NewCorrelator(chargers, new DecisionLog());
        foreach (var correlator in new[] { uninterrupted, writer })
        {
            correlator.OnSignal(offline);
            correlator.OnSignal(back);
            correlator.Tick(Scenario.At(30));
        }

        var restoredLog = new DecisionLog();
        var restored = NewCorrelator(chargers, restoredLog);
        Restore(restored, Checkpoint(writer, chargers), chargers);
        var freshLog = new DecisionLog();

        var expected = IdAfter(uninterrupted, uninterruptedLog);
        Assert.Equal(expected, IdAfter(restored, restoredLog));
        Assert.NotEqual(expected, IdAfter(NewCorrelator(chargers, freshLog), freshLog));
    }

    [Fact]
    public void Restore_RefusesACheckpoint_WithAChangedByte()
    {
        var (checkpoint, chargers) = Midway();
        checkpoint[^5] ^= 0x40;

        var e = Assert.Throws<InvalidDataException>(() => Restore(NewCorrelator(chargers, new DecisionLog()), checkpoint, chargers));
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_RefusesACheckpoint_CutShort()
    {
        var (checkpoint, chargers) = Midway();

        Assert.Throws<InvalidDataException>(() => Restore(NewCorrelator(chargers, new DecisionLog()), checkpoint[..^7], chargers));
    }

    [Fact]
    public void Restore_RefusesACheckpoint_OfAnotherFormatVersion()
    {
        var (checkpoint, chargers) = Midway();
        BinaryPrimitives.WriteUInt16LittleEndian(checkpoint.AsSpan(sizeof(uint) + sizeof(ushort)), PartitionCheckpoint.FormatVersion + 1);

        var e = Assert.Throws<InvalidDataException>(() => Restore(NewCorrelator(chargers, new DecisionLog()), checkpoint, chargers));
        Assert.Contains("version", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_RefusesACheckpoint_TakenUnderAnotherPolicy()
    {
        var (checkpoint, chargers) = Midway();
        var other = new EscalationPolicyOptions();
        other.Correlation.GroupWait = TimeSpan.FromMinutes(9);
        var correlator = new SiteCorrelator(other, new FleetInventory(Scenario.DefaultFleet()), chargers, new DecisionLog());

        Assert.NotEqual(NewCorrelator(chargers, new DecisionLog()).PolicyChecksum, correlator.PolicyChecksum);
        var e = Assert.Throws<InvalidDataException>(() => Restore(correlator, checkpoint, chargers));
        Assert.Contains("configuration", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreFrom_RefusesASectionOfAnotherKind()
    {
        var chargers = new ChargerRegistry();
        var other = new ArrayBufferWriter<byte>();
        new CheckpointWriter(other).Header(CheckpointSection.Auth, 1);

        var e = Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new CheckpointReader(other.WrittenSpan);
            NewCorrelator(chargers, new DecisionLog()).RestoreFrom(ref reader, new CheckpointIdMap());
        });
        Assert.Contains("Correlator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RestoreFrom_Throws_WhenTheCorrelatorIsNotFresh()
    {
        var (checkpoint, chargers) = Midway();
        var used = NewCorrelator(chargers, new DecisionLog());
        used.Tick(Scenario.At(1));

        Assert.Throws<InvalidOperationException>(() => Restore(used, checkpoint, chargers));
    }

    private static (byte[] Checkpoint, ChargerRegistry Chargers) Midway()
    {
        var inputs = Day();
        var chargers = new ChargerRegistry();
        var correlator = NewCorrelator(chargers, new DecisionLog());
        foreach (var input in inputs.Take(inputs.Count / 2))
        {
            input.Apply(correlator, chargers);
        }

        Assert.NotEmpty(correlator.OpenIncidents());
        return (Checkpoint(correlator, chargers), chargers);
    }

    private static SiteCorrelator NewCorrelator(ChargerRegistry chargers, DecisionLog log) =>
        new(new EscalationPolicyOptions(), new FleetInventory(Scenario.DefaultFleet()), chargers, log);

    private static byte[] Checkpoint(SiteCorrelator correlator, ChargerRegistry chargers)
    {
        var output = new ArrayBufferWriter<byte>();
        PartitionCheckpoint.Write(output, correlator.PolicyChecksum, chargers, new TextCodeRegistry(), [correlator]);
        return output.WrittenSpan.ToArray();
    }

    private static void Restore(SiteCorrelator correlator, byte[] checkpoint, ChargerRegistry chargers) =>
        PartitionCheckpoint.Restore(checkpoint, correlator.PolicyChecksum, chargers, new TextCodeRegistry(), [correlator]);

    /// <summary>Feeds every input; with a <paramref name="cut"/>, the correlator is checkpointed after that many and a fresh one restored from it takes the rest.</summary>
    private static (List<string> Incidents, List<string> Commands, List<string> Open) Run(List<Input> inputs, ChargerRegistry chargers, int? cut)
    {
        var log = new DecisionLog();
        var correlator = NewCorrelator(chargers, log);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (i == cut)
            {
                var checkpoint = Checkpoint(correlator, chargers);
                correlator = NewCorrelator(chargers, log);
                Restore(correlator, checkpoint, chargers);
            }

            inputs[i].Apply(correlator, chargers);
        }

        if (cut == inputs.Count)
        {
            var checkpoint = Checkpoint(correlator, chargers);
            correlator = NewCorrelator(chargers, log);
            Restore(correlator, checkpoint, chargers);
        }

        correlator.Tick(s_end);
        return (
            [.. log.Incidents.Select(r => Json(w => IncidentJsonWriter.Write(w, r)))],
            [.. log.Commands.Select(r => Json(w => CommandJsonWriter.Write(w, r)))],
            [.. correlator.OpenIncidents().Select(r => Json(w => IncidentJsonWriter.Write(w, r)))]);
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Two days with a site power loss, a connector taken out of service, a flapping link climbing
    /// the reset ladder, a reset that does not hold, an operator's reset that does, a firmware
    /// campaign failing at two sites (one fleet incident) and a session guarding a reset; in time order.
    /// </summary>
    private static List<Input> Day()
    {
        var inputs = new List<Input>();
        void Raise(string type, double minutes, string cp, ushort? port, SignalEvidence evidence) =>
            inputs.Add(Input.Of(new Signal(type, SignalState.Raised, Scenario.At(minutes), cp, port, port is null ? SignalScope.Charger : SignalScope.Connector, evidence)));
        void Clear(string type, double minutes, string cp, ushort? port) =>
            inputs.Add(Input.Of(new Signal(type, SignalState.Cleared, Scenario.At(minutes), cp, port, port is null ? SignalScope.Charger : SignalScope.Connector, new SignalEvidence())));
        void Event(EventKind kind, double minutes, string cp, byte detail = 0, byte reason = 0, ushort port = 0, ConnectorStatus status = ConnectorStatus.None, EventOrigin origin = EventOrigin.Charger)
        {
            var e = TelemetryEvent.Create(kind, Scenario.At(minutes), -1, OcppVersion.V201);
            e.Detail = detail;
            e.Reason = reason;
            e.Port = port;
            e.Connector = port;
            e.Status = status;
            e.Origin = origin;
            inputs.Add(Input.Of(cp, e));
        }

        Raise(SignalTypes.AvailabilityOutage, 30, "CP-B1", 2, new SignalEvidence { Cause = "faulted", Status = "Faulted", ErrorCode = "GroundFailure" });
        Event(EventKind.CommandResult, 36, "CP-B1", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.ChangeAvailability);
        Event(EventKind.Status, 50, "CP-C2", port: 1, status: ConnectorStatus.Charging);
        Raise(SignalTypes.ResetFrequent, 60, "CP-C2", null, new SignalEvidence { Count = 3 });
        foreach (var cp in new[] { "CP-A1", "CP-A2", "CP-A3", "CP-A4" })
        {
            Event(EventKind.Disconnected, 100, cp);
            Raise(SignalTypes.CommsOffline, 100, cp, null, new SignalEvidence { Reason = "disconnected", LastSeenMs = Scenario.At(100) });
            Raise(SignalTypes.AvailabilityOutage, 100, cp, 1, new SignalEvidence { Cause = "offline" });
        }

        Event(EventKind.Status, 130, "CP-C2", port: 1, status: ConnectorStatus.Available);
        foreach (var cp in new[] { "CP-A1", "CP-A2", "CP-A3", "CP-A4" })
        {
            Event(EventKind.Connected, 160, cp);
            Clear(SignalTypes.CommsOffline, 160, cp, null);
            Clear(SignalTypes.AvailabilityOutage, 160, cp, 1);
        }

        foreach (var cp in new[] { "CP-A1", "CP-A2", "CP-A3", "CP-A4" })
        {
            Event(EventKind.Boot, 160.1, cp, detail: (byte)BootReason.PowerUp);
        }

        Raise(SignalTypes.CommsUnstable, 200, "CP-C1", null, new SignalEvidence { Count = 3 });
        Event(EventKind.CommandResult, 206.5, "CP-C1", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.TriggerMessage);
        Event(EventKind.ResetResult, 207, "CP-C1", detail: (byte)CommandStatus.Accepted, reason: (byte)CommandAction.Reset);
        Clear(SignalTypes.CommsUnstable, 215, "CP-C1", null);
        Raise(SignalTypes.CommsUnstable, 240, "CP-C1", null, new SignalEvidence { Count = 4 });
        Event(EventKind.ResetResult, 300, "CP-C1", detail: (byte)CommandStatus.Rejected, reason: (byte)CommandAction.Reset);
        Raise(SignalTypes.FirmwareFailure, 400, "CP-A1", null, new SignalEvidence { FirmwareStatus = "InstallationFailed" });
        Raise(SignalTypes.FirmwareFailure, 430, "CP-B2", null, new SignalEvidence { FirmwareStatus = "InstallationFailed" });
        Raise(SignalTypes.AvailabilityOutage, 500, "CP-B3", 1, new SignalEvidence { Cause = "faulted", Status = "Faulted", ErrorCode = "InternalError" });
        Event(EventKind.ResetRequested, 520, "CP-B3", detail: (byte)ResetType.Soft, origin: EventOrigin.Csms);
        Clear(SignalTypes.AvailabilityOutage, 525, "CP-B3", 1);
        Clear(SignalTypes.CommsUnstable, 600, "CP-C1", null);
        Clear(SignalTypes.ResetFrequent, 700, "CP-C2", null);
        Raise(SignalTypes.AvailabilityOutage, 1500, "CP-B3", 1, new SignalEvidence { Cause = "faulted", Status = "Faulted", ErrorCode = "InternalError" });
        Clear(SignalTypes.FirmwareFailure, 2000, "CP-A1", null);
        Clear(SignalTypes.FirmwareFailure, 2000, "CP-B2", null);
        return inputs;
    }

    /// <summary>One correlator input: a signal, or an OCPP event of a named charger.</summary>
    private sealed record Input(Signal? Signal, string ChargePoint, TelemetryEvent Event)
    {
        public static Input Of(Signal signal) => new(signal, signal.ChargePoint, default);

        public static Input Of(string chargePoint, TelemetryEvent e) => new(null, chargePoint, e);

        public void Apply(SiteCorrelator correlator, ChargerRegistry chargers)
        {
            if (Signal is { } signal)
            {
                correlator.OnSignal(signal);
                return;
            }

            var e = Event;
            e.Charger = chargers.Intern(ChargePoint.AsSpan());
            correlator.OnEvent(e);
        }
    }
}
