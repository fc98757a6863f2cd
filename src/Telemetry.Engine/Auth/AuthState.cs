using System.Runtime.InteropServices;
using Telemetry.Engine.Sessions;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Auth;

/// <summary>Per-charger state of the authorisation detector; a flat fixed-size struct kept in an array by interned id.</summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct AuthState
{
    /// <summary>Site id in the fleet view, looked up once; -1 for a charger missing from the inventory.</summary>
    public bool SiteKnown;
    public int Site;

    public bool HasAuthorize;
    public bool LastAuthorizeRejected;
    public long LastAuthorizeMs;

    public bool HasRejection;
    public long LastRejectionMs;
    public AuthorizationStatus LastRejected;

    public bool Raised;
    public long RaisedAtMs;
    public int EpisodeRejections;
    public int AcceptsInRow;
    public TaggedTimes Verdicts;

    public int Accepted;
    public int Rejected;
}
