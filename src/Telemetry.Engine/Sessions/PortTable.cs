using Telemetry.Engine.Checkpoints;

namespace Telemetry.Engine.Sessions;

/// <summary>
/// Per-port state of a detector: flat arrays indexed by a slot number, each charger's ports
/// chained from its first slot. Slots are never freed (ports of a charger are few and stable),
/// and the arrays grow by doubling, so steady-state lookups allocate nothing.
/// </summary>
internal sealed class PortTable<TPort>
    where TPort : struct
{
    private TPort[] _ports = new TPort[128];
    private int[] _next = new int[128];
    private int[] _chargerOf = new int[128];
    private ushort[] _portOf = new ushort[128];
    private int[] _first = CreateFirst(64);

    /// <summary>Slots in use.</summary>
    public int Count { get; private set; }

    public ref TPort this[int slot] => ref _ports[slot];

    public int ChargerOf(int slot) => _chargerOf[slot];

    public ushort PortOf(int slot) => _portOf[slot];

    /// <summary>The first slot of <paramref name="charger"/>, or -1 when it has none.</summary>
    public int First(int charger) => (uint)charger < (uint)_first.Length ? _first[charger] : -1;

    /// <summary>The next slot of the same charger, or -1.</summary>
    public int Next(int slot) => _next[slot];

    /// <summary>The slot of a port, or -1 when it has none yet.</summary>
    public int Find(int charger, ushort port)
    {
        for (var s = First(charger); s >= 0; s = _next[s])
        {
            if (_portOf[s] == port)
            {
                return s;
            }
        }

        return -1;
    }

    /// <summary>The slot of a port, made on first sight.</summary>
    public int Slot(int charger, ushort port)
    {
        var found = Find(charger, port);
        if (found >= 0)
        {
            return found;
        }

        if (charger >= _first.Length)
        {
            var old = _first.Length;
            Array.Resize(ref _first, Math.Max(old * 2, charger + 1));
            Array.Fill(_first, -1, old, _first.Length - old);
        }

        if (Count == _ports.Length)
        {
            var length = _ports.Length * 2;
            Array.Resize(ref _ports, length);
            Array.Resize(ref _next, length);
            Array.Resize(ref _chargerOf, length);
            Array.Resize(ref _portOf, length);
        }

        var slot = Count++;
        _ports[slot] = default;
        _chargerOf[slot] = charger;
        _portOf[slot] = port;
        // Prepending keeps insertion O(1): a charger's chain runs newest port first.
        _next[slot] = _first[charger];
        _first[charger] = slot;
        return slot;
    }

    /// <summary>Writes every slot in slot order: charger id, port and the port's state.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Count(Count);
        for (var s = 0; s < Count; s++)
        {
            writer.Count(ids.Charger(_chargerOf[s]));
            writer.Count(_portOf[s]);
            writer.Struct(_ports[s]);
        }
    }

    /// <summary>
    /// Reads what <see cref="WriteTo"/> wrote into this empty table. Slots are added in their saved
    /// order, so they keep their numbers and each charger's chain its order.
    /// </summary>
    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        var count = reader.Count((sizeof(int) * 2) + 1);
        for (var i = 0; i < count; i++)
        {
            var charger = map.Charger(reader.Count());
            var port = reader.Count();
            if (charger < 0 || port is < 0 or > ushort.MaxValue || Find(charger, (ushort)port) >= 0)
            {
                throw new InvalidDataException("Checkpoint is corrupt: a port slot is not valid.");
            }

            var slot = Slot(charger, (ushort)port);
            _ports[slot] = reader.Struct<TPort>();
        }
    }

    private static int[] CreateFirst(int length)
    {
        var first = new int[length];
        Array.Fill(first, -1);
        return first;
    }
}
