using System.Runtime.InteropServices;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Sessions;

/// <summary>Per-port state of the session detector: the open attempt, the running session, outcome window and counts. Flat and fixed-size.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct SessionPort
{
    public ConnectorStatus Status;

    /// <summary>The session ended and the port has reported no status since: its Occupied/Finishing is the last driver's, not a new one's.</summary>
    public bool StatusFromLastSession;

    // The attempt: a driver trying this port, from plug-in, authorisation or start until its outcome.
    public bool AttemptOpen;
    public bool Authorised;
    public bool FirstOfVisit;
    public AuthorizationStatus AuthStatus;
    public long AuthorisedMs;

    // The running transaction.
    public bool InSession;
    public bool AwaitingTransactionId;
    public bool SessionAuthorised;
    public bool StartRefused;
    public bool Offline;
    public bool HasStartWh;
    public bool HasLastWh;
    public OcppVersion Version;
    public ushort TransactionText;
    public int TransactionId;
    public long StartMs;
    public uint StartWh;
    public uint LastWh;
    public long LastWhMs;
    public int PeakW;
    public int DerivedPeakW;
    public ErrorCodeSet Errors;

    // session.failures on this port.
    public bool Raised;
    public StopReason LastEarlyReason;
    public long RaisedAtMs;
    public int EpisodeFailures;
    public int SuccessesInRow;
    public TaggedTimes Outcomes;

    public int Attempts;
    public int Starts;
    public int Successes;
    public int FailedStarts;
    public int RejectedStarts;
    public int EarlyTerminations;
    public int Visits;
    public int FirstAttemptSuccesses;
}
