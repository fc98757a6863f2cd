using Telemetry.Decide.Classification;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Decide.Recovery;

/// <summary>Which remote steps an incident gets, and what each step sends.</summary>
public static class RecoveryLadder
{
    private static readonly RecoveryStep[] s_probeAndResets = [RecoveryStep.Probe, RecoveryStep.SoftReset, RecoveryStep.HardReset];
    private static readonly RecoveryStep[] s_resets = [RecoveryStep.SoftReset, RecoveryStep.HardReset];
    private static readonly RecoveryStep[] s_outOfService = [RecoveryStep.TakeOutOfService];

    /// <summary>
    /// Remote-recoverable incidents of one charger climb probe → soft → hard; a damaged connector
    /// is taken out of service for the field; silent chargers, sites and fleets get no command
    /// (there is nothing to send it to, or no single charger to fix), nor does a firmware failure.
    /// </summary>
    public static IReadOnlyList<RecoveryStep> For(SignalScope scope, IncidentCause cause, Recoverability recovery, bool silence, bool remoteAllowed, bool probeFirst)
    {
        if (scope is SignalScope.Site or SignalScope.Fleet || silence)
        {
            return [];
        }

        if (cause == IncidentCause.Connector && scope == SignalScope.Connector)
        {
            return s_outOfService;
        }

        // A failed install is retried by the CSMS's firmware campaign, not fixed by a reset.
        if (recovery != Recoverability.Remote || !remoteAllowed || cause == IncidentCause.Firmware)
        {
            return [];
        }

        return probeFirst ? s_probeAndResets : s_resets;
    }

    public static string ActionOf(RecoveryStep step) => step switch
    {
        RecoveryStep.Probe => "TriggerMessage",
        RecoveryStep.TakeOutOfService => "ChangeAvailability",
        _ => "Reset",
    };

    /// <summary>The command's argument in the charger's own OCPP version (1.6 Soft/Hard, 2.0.1 OnIdle/Immediate).</summary>
    public static string ArgumentOf(RecoveryStep step, OcppVersion version, bool connector) => step switch
    {
        RecoveryStep.Probe => connector ? "StatusNotification" : "Heartbeat",
        RecoveryStep.SoftReset => version == OcppVersion.V16 ? "Soft" : "OnIdle",
        RecoveryStep.HardReset => version == OcppVersion.V16 ? "Hard" : "Immediate",
        _ => "Inoperative",
    };

    public static string NameOf(RecoveryStep step) => step switch
    {
        RecoveryStep.Probe => "probe",
        RecoveryStep.SoftReset => "soft_reset",
        RecoveryStep.HardReset => "hard_reset",
        _ => "take_out_of_service",
    };

    public static bool IsReset(RecoveryStep step) => step is RecoveryStep.SoftReset or RecoveryStep.HardReset;

    /// <summary>The OCPP action whose CALLRESULT answers the step's command.</summary>
    public static CommandAction CommandActionOf(RecoveryStep step) => step switch
    {
        RecoveryStep.Probe => CommandAction.TriggerMessage,
        RecoveryStep.TakeOutOfService => CommandAction.ChangeAvailability,
        _ => CommandAction.Reset,
    };
}
