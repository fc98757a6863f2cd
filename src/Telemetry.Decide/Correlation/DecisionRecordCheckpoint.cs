using Telemetry.Decide.Classification;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Correlation;

/// <summary>
/// The records a correlator keeps between inputs (an incident's command in flight, the latest
/// snapshot of an open incident) in a checkpoint, field by field, so that the records derived
/// from them after a restore are the ones an uninterrupted run would publish.
/// </summary>
internal static class DecisionRecordCheckpoint
{
    public static void Write(CheckpointWriter writer, CommandRecord command)
    {
        writer.Text(command.Key);
        writer.Text(command.Incident);
        writer.Count(command.StepNumber);
        writer.Enum(command.Step);
        writer.Value(command.TimestampMs);
        writer.Value(command.RequestedMs);
        writer.Text(command.ChargePoint);
        writer.OptionalValue(command.Connector);
        writer.Text(command.Action);
        writer.Text(command.Argument);
        writer.Text(command.Guardrail);
        writer.Enum(command.Outcome);
        writer.OptionalFlag(command.Recovered);
        writer.OptionalFlag(command.Held);
    }

    public static CommandRecord ReadCommand(ref CheckpointReader reader)
    {
        var key = reader.TextAsString();
        var incident = reader.TextAsString();
        var stepNumber = reader.Count();
        var step = reader.Enum<RecoveryStep>();
        var timestampMs = reader.Value();
        var requestedMs = reader.Value();
        var chargePoint = reader.TextAsString();
        var connector = reader.OptionalValue();
        var action = reader.TextAsString();
        var argument = reader.TextAsString();
        var guardrail = reader.TextAsString();
        var outcome = reader.Enum<CommandOutcome>();
        var recovered = reader.OptionalFlag();
        var held = reader.OptionalFlag();
        return new CommandRecord(key, incident, stepNumber, step, timestampMs, requestedMs, chargePoint, (int?)connector,
            action, argument, guardrail, outcome, recovered, held);
    }

    public static void Write(CheckpointWriter writer, IncidentRecord record)
    {
        writer.Text(record.EventId);
        writer.Enum(record.State);
        writer.Value(record.TimestampMs);
        writer.Text(record.Subject);
        writer.Text(record.Incident);
        writer.Enum(record.Scope);
        writer.Enum(record.Cause);
        writer.Enum(record.Recovery);
        writer.Enum(record.Owner);
        writer.OptionalString(record.ChargePoint);
        writer.OptionalString(record.Site);
        writer.Ints(record.Connectors);
        writer.Strings(record.Chargers);
        writer.OptionalString(record.Model);
        writer.OptionalString(record.Firmware);
        writer.OptionalValue(record.DeadlineMs);
        writer.Text(record.Evidence);
        writer.Text(record.Reason);
        var answers = record.Answers;
        writer.Count(answers.RepeatsLast7Days);
        writer.Text(answers.Extent);
        writer.Count(answers.OtherChargersAtSiteAffected);
        writer.Count(answers.RemoteRestartsTried);
        writer.Count(answers.RemoteRestartsHeld);
        writer.Enum(answers.Layer);
        writer.Flag(answers.FieldCandidate);
    }

    public static IncidentRecord ReadIncident(ref CheckpointReader reader)
    {
        var eventId = reader.TextAsString();
        var state = reader.Enum<IncidentState>();
        var timestampMs = reader.Value();
        var subject = reader.TextAsString();
        var incident = reader.TextAsString();
        var scope = reader.Enum<SignalScope>();
        var cause = reader.Enum<IncidentCause>();
        var recovery = reader.Enum<Recoverability>();
        var owner = reader.Enum<Owner>();
        var chargePoint = reader.OptionalString();
        var site = reader.OptionalString();
        var connectors = new List<int>();
        reader.ReadInts(connectors);
        var chargers = new List<string>();
        reader.ReadStrings(chargers);
        var model = reader.OptionalString();
        var firmware = reader.OptionalString();
        var deadlineMs = reader.OptionalValue();
        var evidence = reader.TextAsString();
        var reason = reader.TextAsString();
        var answers = new IncidentAnswers(
            reader.Count(), reader.TextAsString(), reader.Count(), reader.Count(), reader.Count(), reader.Enum<ProblemLayer>(), reader.Flag());
        return new IncidentRecord(eventId, state, timestampMs, subject, incident, scope, cause, recovery, owner, chargePoint, site,
            [.. connectors], [.. chargers], model, firmware, deadlineMs, evidence, reason, answers);
    }
}
