using System.Numerics;

namespace Telemetry.Ocpp.Csv;

/// <summary>
/// Remembers the CSMS → charger CALLs whose answers have not been seen, by (charger, message id),
/// so that their CALLRESULT/CALLERROR is attributed to the charger. Any other answer is
/// attributed to the CSMS (the answer to a charger's CALL), so only CSMS CALLs need keeping.
/// Bounded and allocation-free: a direct-mapped table where a newer CALL takes the slot of an
/// older one with the same slot; the displaced answer is then attributed to the CSMS (counted).
/// </summary>
public sealed class CsmsCalls
{
    private readonly Entry[] _slots;
    private readonly int _mask;

    /// <param name="capacity">Slots, rounded up to a power of two.</param>
    public CsmsCalls(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var size = (int)BitOperations.RoundUpToPowerOf2((uint)capacity);
        _slots = new Entry[size];
        _mask = size - 1;
    }

    /// <summary>CSMS CALLs forgotten because a newer one took their slot before they were answered.</summary>
    public long Displaced { get; private set; }

    public void Add(int charger, ReadOnlySpan<byte> messageId)
    {
        var hash = Hash(charger, messageId);
        ref var slot = ref _slots[Slot(hash)];
        if (slot.Used && (slot.Hash != hash || slot.Charger != charger))
        {
            Displaced++;
        }

        slot = new Entry(hash, charger, Used: true);
    }

    /// <summary>Finds and forgets the CSMS CALL that <paramref name="messageId"/> answers.</summary>
    public bool TryTake(int charger, ReadOnlySpan<byte> messageId)
    {
        var hash = Hash(charger, messageId);
        ref var slot = ref _slots[Slot(hash)];
        if (!slot.Used || slot.Hash != hash || slot.Charger != charger)
        {
            return false;
        }

        slot = default;
        return true;
    }

    // FNV-1a's low bits vary little between ids that differ in their last characters (id-1, id-2):
    // fold the well-mixed high half in before masking.
    private int Slot(ulong hash) => (int)(hash ^ (hash >> 29) ^ (hash >> 47)) & _mask;

    // FNV-1a over the charger and the id bytes; ids are at most 36 bytes.
    private static ulong Hash(int charger, ReadOnlySpan<byte> id)
    {
        var hash = (14695981039346656037UL ^ (uint)charger) * 1099511628211UL;
        foreach (var b in id)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private readonly record struct Entry(ulong Hash, int Charger, bool Used);
}
