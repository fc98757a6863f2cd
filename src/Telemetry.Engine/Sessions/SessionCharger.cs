using System.Runtime.InteropServices;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Sessions;

/// <summary>Per-charger state of the session detector: an authorisation not yet tied to a port, and the visit in progress.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct SessionCharger
{
    /// <summary>An Authorize answer no port could take yet (OCPP's Authorize names no connector).</summary>
    public bool PendingAuth;
    public AuthorizationStatus PendingStatus;
    public long PendingAuthMs;

    /// <summary>The last failed attempt, which makes a following attempt within the visit gap a retry.</summary>
    public bool HasFailure;
    public long LastFailureMs;
}
