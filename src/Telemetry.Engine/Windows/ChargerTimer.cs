namespace Telemetry.Engine.Windows;

/// <summary>
/// A detector's timer pass for one charger at <paramref name="nowMs"/>; returns true while the
/// charger still has a timer pending (see <see cref="ChargerStates{TState}.RunTimers"/>).
/// </summary>
public delegate bool ChargerTimer<TState>(int charger, ref TState state, long nowMs)
    where TState : struct;
