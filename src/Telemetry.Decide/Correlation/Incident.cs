using Telemetry.Decide.Classification;
using Telemetry.Decide.Policy;
using Telemetry.Decide.Recovery;
using Telemetry.Engine.Signals;

namespace Telemetry.Decide.Correlation;

/// <summary>The correlator's working state of one incident; published as <see cref="Incidents.IncidentRecord"/> snapshots.</summary>
internal sealed class Incident
{
    public Incident(string id, long sequence, SignalScope scope, SignalClass signalClass, long onsetMs)
    {
        Id = id;
        Sequence = sequence;
        Scope = scope;
        Cause = signalClass.Cause;
        Recovery = signalClass.Recovery;
        Evidence = signalClass.Evidence;
        FaultKey = signalClass.FaultKey;
        Silence = signalClass.Silence;
        MinimumOwner = signalClass.MinimumOwner;
        OnsetMs = onsetMs;
    }

    public string Id { get; }

    /// <summary>Creation order: ties between deadlines at the same instant are broken by it.</summary>
    public long Sequence { get; }

    public SignalScope Scope { get; set; }

    public IncidentCause Cause { get; set; }

    public Recoverability Recovery { get; set; }

    public string Evidence { get; set; }

    public string FaultKey { get; }

    public bool Silence { get; }

    public Owner? MinimumOwner { get; set; }

    /// <summary>
    /// Raised by a fleet-compared signal type (Correlation:FleetSignalTypes): on Kafka such
    /// incidents live in the fleet partition, apart from the site's other incidents.
    /// </summary>
    public bool FleetCompared { get; init; }

    /// <summary>True for the charger-link family (silence, flapping, half-dead, reboots): one charger's link and boot troubles are one incident.</summary>
    public bool Link { get; set; }

    /// <summary>True once a pattern signal (comms.unstable, reset.frequent) decided the cause: a later return from silence does not change it.</summary>
    public bool CauseFixed { get; set; }

    public Owner Owner { get; set; }

    public Owner FinalOwner { get; set; }

    public long? DeadlineMs { get; set; }

    public string? ChargePoint { get; set; }

    public string? Site { get; set; }

    public string? Model { get; set; }

    public string? Firmware { get; set; }

    public SortedSet<string> Chargers { get; } = new(StringComparer.Ordinal);

    public SortedSet<int> Ports { get; } = [];

    /// <summary>Signals raised and not yet cleared, with their raise time.</summary>
    public Dictionary<SignalKey, long> Active { get; } = [];

    public IncidentPhase Phase { get; set; }

    public long OnsetMs { get; set; }

    public long OpenAtMs { get; set; }

    public long? ResolveAtMs { get; set; }

    public long? ReturnCheckAtMs { get; set; }

    public int Records { get; set; }

    public bool FieldCandidate { get; set; }

    /// <summary>True once any remote command was requested: a resolution is then not a self-recovery.</summary>
    public bool Commanded { get; set; }

    public int RestartsTried { get; set; }

    public int RestartsHeld { get; set; }

    /// <summary>Resets seen in the traffic (not requested here) whose effect is not judged yet.</summary>
    public int UnjudgedResets { get; set; }

    public IReadOnlyList<RecoveryStep> Ladder { get; set; } = [];

    public int NextRung { get; set; }

    public int StepNumber { get; set; }

    public long? NextStepAtMs { get; set; }

    public CommandRecord? Command { get; set; }

    public CommandPhase CommandPhase { get; set; }

    public long? CommandDueMs { get; set; }

    public bool IsLive => Phase is IncidentPhase.Pending or IncidentPhase.Open or IncidentPhase.Resolving;

    public string Subject => Scope switch
    {
        SignalScope.Site => "site/" + Site,
        SignalScope.Fleet => "fleet/" + (Model ?? Firmware ?? FaultKey),
        _ => ChargePoint ?? FaultKey,
    };
}
