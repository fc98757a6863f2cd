using Telemetry.Engine.Checkpoints;

namespace Telemetry.Engine.Rollups;

/// <summary>Checkpoint of the minute activity: ports, chargers, open minute buckets and maintenance windows.</summary>
public sealed partial class MinuteActivity
{
    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>
    /// Writes every port's and charger's activity, the counts of minutes not emitted yet and the
    /// maintenance windows opened by ChangeAvailability, each dictionary in its own order.
    /// </summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        writer.Header(CheckpointSection.MinuteActivity, FormatVersion);
        writer.Value(_unanswered);
        writer.Count(_ports.Count);
        foreach (var ((charger, port), activity) in _ports)
        {
            writer.Count(ids.Charger(charger));
            writer.Count(port);
            activity.WriteTo(writer);
        }

        writer.Count(_chargers.Count);
        foreach (var (charger, activity) in _chargers)
        {
            writer.Count(ids.Charger(charger));
            activity.WriteTo(writer, ids);
        }

        writer.Count(_portCounts.Count);
        foreach (var ((charger, port, minute), counts) in _portCounts)
        {
            writer.Count(ids.Charger(charger));
            writer.Count(port);
            writer.Value(minute);
            writer.Struct(counts);
        }

        writer.Count(_chargerCounts.Count);
        foreach (var ((charger, minute), counts) in _chargerCounts)
        {
            writer.Count(ids.Charger(charger));
            writer.Value(minute);
            writer.Struct(counts);
        }

        _exclusions.WriteTo(writer, ids);
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        reader.Header(CheckpointSection.MinuteActivity, FormatVersion);
        _unanswered = reader.Value();
        var ports = reader.Count(sizeof(int) * 2);
        for (var i = 0; i < ports; i++)
        {
            var charger = Charger(map, reader.Count());
            var activity = new PortActivity(charger, (ushort)reader.Count());
            activity.RestoreFrom(ref reader);
            Add(_ports, (charger, activity.Port), activity);
        }

        var chargers = reader.Count(sizeof(int));
        for (var i = 0; i < chargers; i++)
        {
            var charger = Charger(map, reader.Count());
            var activity = new ChargerActivity();
            activity.RestoreFrom(ref reader, map);
            Add(_chargers, charger, activity);
        }

        var portCounts = reader.Count((sizeof(int) * 2) + sizeof(long));
        for (var i = 0; i < portCounts; i++)
        {
            var charger = Charger(map, reader.Count());
            var port = (ushort)reader.Count();
            var minute = reader.Value();
            Add(_portCounts, (charger, port, minute), reader.Struct<ActivityCounts>());
        }

        var chargerCounts = reader.Count(sizeof(int) + sizeof(long));
        for (var i = 0; i < chargerCounts; i++)
        {
            var charger = Charger(map, reader.Count());
            var minute = reader.Value();
            Add(_chargerCounts, (charger, minute), reader.Struct<ActivityCounts>());
        }

        _exclusions.RestoreFrom(ref reader, map);
    }

    private static int Charger(CheckpointIdMap map, int saved)
    {
        var charger = map.Charger(saved);
        return charger >= 0 ? charger : throw new InvalidDataException($"Checkpoint of {CheckpointSection.MinuteActivity} is corrupt: an entry has no charger.");
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, TValue> entries, TKey key, TValue value)
        where TKey : notnull
    {
        if (!entries.TryAdd(key, value))
        {
            throw new InvalidDataException($"Checkpoint of {CheckpointSection.MinuteActivity} is corrupt: an entry appears twice.");
        }
    }
}
