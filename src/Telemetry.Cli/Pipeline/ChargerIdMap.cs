using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// Maps the consumer's charger ids to a partition's own ids and back. The consumer's registry
/// holds every charger of every partition it reads; the partition's registry only those it has
/// seen, numbered densely in first-seen order, so the detectors' per-charger arrays (indexed by
/// id) are sized by the partition. Both directions are plain arrays: a known charger costs an
/// index, no allocation.
/// </summary>
internal sealed class ChargerIdMap
{
    private const int Unseen = -1;

    private int[] _local = [];
    private int[] _consumer = new int[64];
    private int _mapped;

    /// <summary>
    /// The local id of the consumer's <paramref name="consumerId"/>, interning its name into
    /// <paramref name="local"/> the first time; a negative (unknown) id stays as it is.
    /// </summary>
    public int LocalIdOf(int consumerId, ChargerRegistry consumer, ChargerRegistry local)
    {
        if (consumerId < 0)
        {
            return consumerId;
        }

        if (consumerId >= _local.Length)
        {
            Grow(consumerId);
        }

        var id = _local[consumerId];
        if (id == Unseen)
        {
            id = local.Intern(consumer.Utf8NameOf(consumerId));
            if (id >= 0)
            {
                Map(consumerId, id);
            }
        }

        return id;
    }

    /// <summary>The consumer's id of the local <paramref name="localId"/>; a negative id stays as it is.</summary>
    public int ConsumerIdOf(int localId) => localId < 0 ? localId : _consumer[localId];

    /// <summary>Maps every local charger not mapped yet (those a checkpoint restored), interning their names into <paramref name="consumer"/>.</summary>
    public void MapAll(ChargerRegistry local, ChargerRegistry consumer)
    {
        for (var id = _mapped; id < local.Count; id++)
        {
            var consumerId = consumer.Intern(local.Utf8NameOf(id));
            if (consumerId >= _local.Length)
            {
                Grow(consumerId);
            }

            Map(consumerId, id);
        }
    }

    private void Map(int consumerId, int localId)
    {
        _local[consumerId] = localId;
        if (localId >= _consumer.Length)
        {
            Array.Resize(ref _consumer, Math.Max(_consumer.Length * 2, localId + 1));
        }

        _consumer[localId] = consumerId;
        _mapped = Math.Max(_mapped, localId + 1);
    }

    private void Grow(int consumerId)
    {
        var old = _local.Length;
        Array.Resize(ref _local, Math.Max(Math.Max(old * 2, consumerId + 1), 64));
        _local.AsSpan(old).Fill(Unseen);
    }
}
