using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Checkpoints;

/// <summary>
/// Saved charger ids and text codes of a checkpoint mapped to the ids of the registries it is
/// restored into, which may have interned them in another order (see <see cref="CheckpointIds"/>).
/// </summary>
public sealed class CheckpointIdMap
{
    private readonly Dictionary<int, int> _chargers = [];
    private readonly Dictionary<ushort, ushort> _texts = [];

    /// <summary>The current id of saved charger <paramref name="saved"/>; negative ids (none) stay as they are.</summary>
    /// <exception cref="InvalidDataException">The checkpoint's id table does not hold <paramref name="saved"/>.</exception>
    public int Charger(int saved)
    {
        if (saved < 0)
        {
            return saved;
        }

        return _chargers.TryGetValue(saved, out var current)
            ? current
            : throw new InvalidDataException($"Checkpoint is corrupt: it refers to charger {saved}, missing from its id table.");
    }

    /// <summary>The current code of saved text <paramref name="saved"/>; none and overflow stay as they are.</summary>
    /// <exception cref="InvalidDataException">The checkpoint's id table does not hold <paramref name="saved"/>.</exception>
    public ushort Text(ushort saved)
    {
        if (saved <= TextCodeRegistry.Overflow)
        {
            return saved;
        }

        return _texts.TryGetValue(saved, out var current)
            ? current
            : throw new InvalidDataException($"Checkpoint is corrupt: it refers to text {saved}, missing from its id table.");
    }

    internal void AddCharger(int saved, int current) => _chargers[saved] = current;

    internal void AddText(ushort saved, ushort current) => _texts[saved] = current;
}
