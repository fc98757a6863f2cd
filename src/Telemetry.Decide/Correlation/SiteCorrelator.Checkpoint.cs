using System.Globalization;
using System.Text.Json;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Policy;
using Telemetry.Engine.Checkpoints;

namespace Telemetry.Decide.Correlation;

/*
 * Checkpoint of a correlator: everything a later input reads, so that a fresh instance restored
 * from it gives the outputs the writing instance would have given.
 *   clock and bookkeeping: now, the incident sequence, the cached earliest deadline;
 *   incident ids ever handed out (an id is never reused), as their 8 hash bytes;
 *   the incident table: the live incidents in order, then any other still listed by a charger;
 *   each charger's facts, its incidents as indexes into the table;
 *   the latest published snapshot of each live incident (OpenIncidents reads no other).
 * The guardrails keep no state of their own: the restarts they count are the chargers' facts.
 * Charge point ids are strings here, written as text; no registry ids are involved.
 */
public sealed partial class SiteCorrelator : ICheckpointState
{
    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    private const ushort CheckpointVersion = 1;
    private const string IdPrefix = "inc-";
    private const int IdHexLength = 16;

    /// <summary>
    /// Checksum of the escalation policy this correlator runs under: a checkpoint written under
    /// another one is refused, since its deadlines and owners were decided by other rules.
    /// </summary>
    public long PolicyChecksum => CheckpointChecksum.Compute(JsonSerializer.SerializeToUtf8Bytes(_policy));

    /// <inheritdoc/>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.Correlator, CheckpointVersion);
        writer.Value(_nowMs);
        writer.Value(_sequence);
        writer.Value(_earliestDueMs);
        writer.Flag(_deadlinesMoved);
        WriteIds(writer);

        var table = new List<Incident>(_live);
        var index = new Dictionary<Incident, int>(ReferenceEqualityComparer.Instance);
        foreach (var incident in _live)
        {
            index.Add(incident, index.Count);
        }

        foreach (var facts in _facts.Values)
        {
            foreach (var incident in facts.Incidents)
            {
                if (index.TryAdd(incident, index.Count))
                {
                    table.Add(incident);
                }
            }
        }

        writer.Count(table.Count);
        writer.Count(_live.Count);
        foreach (var incident in table)
        {
            IncidentCheckpoint.Write(writer, incident);
        }

        writer.Count(_facts.Count);
        foreach (var facts in _facts.Values)
        {
            ChargerFactsCheckpoint.Write(writer, facts, index);
        }

        var latest = new List<IncidentRecord>();
        foreach (var incident in _live)
        {
            if (_latest.TryGetValue(incident.Id, out var record))
            {
                latest.Add(record);
            }
        }

        writer.Count(latest.Count);
        foreach (var record in latest)
        {
            DecisionRecordCheckpoint.Write(writer, record);
        }
    }

    /// <inheritdoc/>
    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        if (_nowMs != long.MinValue || _sequence != 0 || _ids.Count != 0)
        {
            throw new InvalidOperationException("A checkpoint is restored into a fresh correlator only.");
        }

        reader.Header(CheckpointSection.Correlator, CheckpointVersion);
        _nowMs = reader.Value();
        _sequence = reader.Value();
        _earliestDueMs = reader.Value();
        _deadlinesMoved = reader.Flag();
        ReadIds(ref reader);

        var count = reader.Count(sizeof(int));
        var live = reader.Count();
        if ((uint)live > (uint)count)
        {
            throw new InvalidDataException($"Checkpoint is corrupt: {live} live incidents of {count}.");
        }

        var table = new List<Incident>(count);
        for (var i = 0; i < count; i++)
        {
            table.Add(IncidentCheckpoint.Read(ref reader));
        }

        _live.AddRange(table.GetRange(0, live));
        var chargers = reader.Count(sizeof(int));
        for (var i = 0; i < chargers; i++)
        {
            var facts = ChargerFactsCheckpoint.Read(ref reader, table);
            if (!_facts.TryAdd(facts.ChargePoint, facts))
            {
                throw new InvalidDataException($"Checkpoint is corrupt: charger {facts.ChargePoint} is in it twice.");
            }
        }

        var records = reader.Count(sizeof(int));
        for (var i = 0; i < records; i++)
        {
            var record = DecisionRecordCheckpoint.ReadIncident(ref reader);
            _latest[record.Incident] = record;
        }
    }

    /// <summary>Every id is <c>inc-</c> and 16 hex digits (see NewId): 8 bytes each rather than 20 characters.</summary>
    private void WriteIds(CheckpointWriter writer)
    {
        writer.Count(_ids.Count);
        foreach (var id in _ids)
        {
            if (id.Length != IdPrefix.Length + IdHexLength || !id.StartsWith(IdPrefix, StringComparison.Ordinal)
                || !ulong.TryParse(id.AsSpan(IdPrefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hash))
            {
                throw new InvalidOperationException($"Incident id {id} is not of the form the checkpoint stores.");
            }

            writer.Value((long)hash);
        }
    }

    private void ReadIds(ref CheckpointReader reader)
    {
        var count = reader.Count(sizeof(long));
        _ids.EnsureCapacity(count);
        for (var i = 0; i < count; i++)
        {
            _ids.Add(IdPrefix + ((ulong)reader.Value()).ToString("x16", CultureInfo.InvariantCulture));
        }
    }
}
