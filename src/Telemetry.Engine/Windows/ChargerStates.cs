namespace Telemetry.Engine.Windows;

/// <summary>
/// A detector's per-charger state: one flat array of structs indexed by interned charger id,
/// grown by doubling, so a lookup is an index and state stays contiguous in memory.
/// </summary>
public sealed class ChargerStates<TState>
    where TState : struct
{
    private TState[] _states = new TState[64];

    /// <summary>Charger ids below this have a slot (possibly still default).</summary>
    public int Length => _states.Length;

    /// <summary>The state of <paramref name="charger"/>, making room for it when needed.</summary>
    public ref TState At(int charger)
    {
        if (charger >= _states.Length)
        {
            Array.Resize(ref _states, Math.Max(_states.Length * 2, charger + 1));
        }

        return ref _states[charger];
    }
}
