using Telemetry.Decide.Classification;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Correlation;

/// <summary>One incident's working state in a correlator checkpoint: every field that a later input reads.</summary>
internal static class IncidentCheckpoint
{
    public static void Write(CheckpointWriter writer, Incident incident)
    {
        writer.Text(incident.Id);
        writer.Value(incident.Sequence);
        writer.Enum(incident.Scope);
        writer.Enum(incident.Cause);
        writer.Enum(incident.Recovery);
        writer.Text(incident.Evidence);
        writer.Text(incident.FaultKey);
        writer.Flag(incident.Silence);
        writer.OptionalEnum(incident.MinimumOwner);
        writer.Flag(incident.FleetCompared);
        writer.Flag(incident.Link);
        writer.Flag(incident.CauseFixed);
        writer.Enum(incident.Owner);
        writer.Enum(incident.FinalOwner);
        writer.OptionalValue(incident.DeadlineMs);
        writer.OptionalString(incident.ChargePoint);
        writer.OptionalString(incident.Site);
        writer.OptionalString(incident.Model);
        writer.OptionalString(incident.Firmware);
        writer.Strings(incident.Chargers);
        writer.Ints(incident.Ports);
        writer.Count(incident.Active.Count);
        foreach (var (key, raised) in incident.Active)
        {
            writer.Text(key.Type);
            writer.Text(key.ChargePoint);
            writer.Count(key.Port);
            writer.Value(raised);
        }

        writer.Enum(incident.Phase);
        writer.Value(incident.OnsetMs);
        writer.Value(incident.OpenAtMs);
        writer.OptionalValue(incident.ResolveAtMs);
        writer.OptionalValue(incident.ReturnCheckAtMs);
        writer.Count(incident.Records);
        writer.Flag(incident.FieldCandidate);
        writer.Flag(incident.Commanded);
        writer.Count(incident.RestartsTried);
        writer.Count(incident.RestartsHeld);
        writer.Count(incident.UnjudgedResets);
        writer.Count(incident.Ladder.Count);
        foreach (var step in incident.Ladder)
        {
            writer.Enum(step);
        }

        writer.Count(incident.NextRung);
        writer.Count(incident.StepNumber);
        writer.OptionalValue(incident.NextStepAtMs);
        writer.Flag(incident.Command is not null);
        if (incident.Command is { } command)
        {
            DecisionRecordCheckpoint.Write(writer, command);
        }

        writer.Enum(incident.CommandPhase);
        writer.OptionalValue(incident.CommandDueMs);
    }

    public static Incident Read(ref CheckpointReader reader)
    {
        var id = reader.TextAsString();
        var sequence = reader.Value();
        var scope = reader.Enum<SignalScope>();
        var cause = reader.Enum<IncidentCause>();
        var recovery = reader.Enum<Recoverability>();
        var evidence = reader.TextAsString();
        var faultKey = reader.TextAsString();
        var silence = reader.Flag();
        var minimumOwner = reader.OptionalEnum<Owner>();
        var signalClass = new SignalClass(cause, recovery, evidence, faultKey, WholeCharger: false, silence, Systemic: false, minimumOwner);
        var incident = new Incident(id, sequence, scope, signalClass, onsetMs: 0)
        {
            FleetCompared = reader.Flag(),
            Link = reader.Flag(),
            CauseFixed = reader.Flag(),
            Owner = reader.Enum<Owner>(),
            FinalOwner = reader.Enum<Owner>(),
            DeadlineMs = reader.OptionalValue(),
            ChargePoint = reader.OptionalString(),
            Site = reader.OptionalString(),
            Model = reader.OptionalString(),
            Firmware = reader.OptionalString(),
        };
        reader.ReadStrings(incident.Chargers);
        reader.ReadInts(incident.Ports);
        var active = reader.Count(sizeof(int) * 3);
        for (var i = 0; i < active; i++)
        {
            var key = new SignalKey(reader.TextAsString(), reader.TextAsString(), reader.Count());
            incident.Active[key] = reader.Value();
        }

        incident.Phase = reader.Enum<IncidentPhase>();
        incident.OnsetMs = reader.Value();
        incident.OpenAtMs = reader.Value();
        incident.ResolveAtMs = reader.OptionalValue();
        incident.ReturnCheckAtMs = reader.OptionalValue();
        incident.Records = reader.Count();
        incident.FieldCandidate = reader.Flag();
        incident.Commanded = reader.Flag();
        incident.RestartsTried = reader.Count();
        incident.RestartsHeld = reader.Count();
        incident.UnjudgedResets = reader.Count();
        var ladder = new RecoveryStep[reader.Count(sizeof(int))];
        for (var i = 0; i < ladder.Length; i++)
        {
            ladder[i] = reader.Enum<RecoveryStep>();
        }

        incident.Ladder = ladder;
        incident.NextRung = reader.Count();
        if ((uint)incident.NextRung > (uint)ladder.Length)
        {
            throw new InvalidDataException($"Checkpoint is corrupt: incident {id} is at rung {incident.NextRung} of a ladder of {ladder.Length}.");
        }

        incident.StepNumber = reader.Count();
        incident.NextStepAtMs = reader.OptionalValue();
        incident.Command = reader.Flag() ? DecisionRecordCheckpoint.ReadCommand(ref reader) : null;
        incident.CommandPhase = reader.Enum<CommandPhase>();
        incident.CommandDueMs = reader.OptionalValue();
        return incident;
    }
}
