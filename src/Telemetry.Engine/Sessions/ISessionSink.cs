using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Sessions;

/// <summary>Receives what the session detector concludes: session records and <c>session.failures</c> signals.</summary>
public interface ISessionSink : ISignalSink
{
    /// <summary>One ended session, in event-time order per port; <paramref name="session"/> is only valid during the call.</summary>
    void OnSession(in SessionRecord session);
}
