namespace Telemetry.Simulator.Capture;

/// <summary>How a scripted step reaches the capture.</summary>
internal enum ScriptOp
{
    /// <summary>The charger sends a CALL and the CSMS answers it.</summary>
    ChargerCall,

    /// <summary>The CSMS sends a CALL and the charger answers it.</summary>
    CsmsCall,

    /// <summary>The CSMS sends a CALL that the charger never answers.</summary>
    CsmsCallUnanswered,

    /// <summary>A driver arrives: a session runs through the usual steps, shaped by a <see cref="SessionPlan"/>.</summary>
    Session,
}
