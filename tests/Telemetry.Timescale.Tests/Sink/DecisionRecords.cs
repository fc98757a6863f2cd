using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Signals;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary>Incident and command records as the correlator writes them, for sink tests.</summary>
internal static class DecisionRecords
{
    // 2026-02-01T08:00:00Z.
    public const long StartMs = 1_769_932_800_000;

    private static readonly IncidentAnswers s_answers = new(1, "connector", 0, 0, 0, ProblemLayer.Hardware, false);

    public static IncidentRecord Incident(string incident, int sequence, IncidentState state, long atMs, Owner owner = Owner.Techops, string? chargePoint = "CP-1") => new(
        EventId: $"{incident}/{sequence}",
        State: state,
        TimestampMs: atMs,
        Subject: chargePoint ?? "site/S-1",
        Incident: incident,
        Scope: chargePoint is null ? SignalScope.Site : SignalScope.Connector,
        Cause: IncidentCause.Connector,
        Recovery: Recoverability.Remote,
        Owner: owner,
        ChargePoint: chargePoint,
        Site: "S-1",
        Connectors: chargePoint is null ? [] : [1],
        Chargers: chargePoint is null ? ["CP-1", "CP-2"] : [],
        Model: "M-1",
        Firmware: null,
        DeadlineMs: atMs + 3_600_000,
        Evidence: "connector faulted",
        Reason: state.ToString(),
        Answers: s_answers);

    public static CommandRecord Command(string key, string incident, CommandOutcome outcome, long atMs, long requestedMs, int? connector = 1, bool? recovered = null) => new(
        Key: key,
        Incident: incident,
        StepNumber: 1,
        Step: RecoveryStep.SoftReset,
        TimestampMs: atMs,
        RequestedMs: requestedMs,
        ChargePoint: "CP-1",
        Connector: connector,
        Action: "Reset",
        Argument: "Soft",
        Guardrail: "reset_budget",
        Outcome: outcome,
        Recovered: recovered,
        Held: null);
}
