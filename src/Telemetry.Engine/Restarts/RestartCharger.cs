namespace Telemetry.Engine.Restarts;

/// <summary>Per-charger state of the restart efficacy detector: whether it has ports followed.</summary>
internal struct RestartCharger
{
    /// <summary>A port of the charger has a restart in progress or a raised signal: the timers need a look.</summary>
    public bool Busy;
}
