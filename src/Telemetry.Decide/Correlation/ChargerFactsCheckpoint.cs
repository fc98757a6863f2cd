using Telemetry.Engine.Checkpoints;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Correlation;

/// <summary>
/// One charger's facts in a correlator checkpoint. Its incidents are shared with the correlator's
/// live list, so they are written as indexes into the checkpoint's incident table, not copied.
/// </summary>
internal static class ChargerFactsCheckpoint
{
    public static void Write(CheckpointWriter writer, ChargerFacts facts, Dictionary<Incident, int> index)
    {
        writer.Text(facts.ChargePoint);
        writer.Flag(facts.Connected);
        writer.Enum(facts.Version);
        writer.Ints(facts.Sessions);
        writer.Ints(facts.OutOfService);
        writer.Value(facts.SilentSinceMs);
        writer.Value(facts.ReturnedMs);
        writer.Value(facts.LastBootMs);
        writer.Enum(facts.LastBootReason);
        writer.Value(facts.OfflineSessionMs);
        writer.Value(facts.ResetQuietUntilMs);
        writer.Times(facts.Restarts);
        writer.Times(facts.SelfRecoveries);
        writer.Count(facts.Raises.Count);
        foreach (var (faultKey, times) in facts.Raises)
        {
            writer.Text(faultKey);
            writer.Times(times);
        }

        writer.Count(facts.Incidents.Count);
        foreach (var incident in facts.Incidents)
        {
            writer.Count(index[incident]);
        }
    }

    public static ChargerFacts Read(ref CheckpointReader reader, List<Incident> incidents)
    {
        var facts = new ChargerFacts(reader.TextAsString())
        {
            Connected = reader.Flag(),
            Version = reader.Enum<OcppVersion>(),
        };
        reader.ReadInts(facts.Sessions);
        reader.ReadInts(facts.OutOfService);
        facts.SilentSinceMs = reader.Value();
        facts.ReturnedMs = reader.Value();
        facts.LastBootMs = reader.Value();
        facts.LastBootReason = reader.Enum<BootReason>();
        facts.OfflineSessionMs = reader.Value();
        facts.ResetQuietUntilMs = reader.Value();
        reader.ReadTimes(facts.Restarts);
        reader.ReadTimes(facts.SelfRecoveries);
        var raises = reader.Count(sizeof(int) * 2);
        for (var i = 0; i < raises; i++)
        {
            var faultKey = reader.TextAsString();
            var times = new List<long>();
            reader.ReadTimes(times);
            facts.Raises[faultKey] = times;
        }

        var count = reader.Count(sizeof(int));
        for (var i = 0; i < count; i++)
        {
            var n = reader.Count();
            if ((uint)n >= (uint)incidents.Count)
            {
                throw new InvalidDataException($"Checkpoint is corrupt: charger {facts.ChargePoint} refers to incident {n} of {incidents.Count}.");
            }

            facts.Incidents.Add(incidents[n]);
        }

        return facts;
    }
}
