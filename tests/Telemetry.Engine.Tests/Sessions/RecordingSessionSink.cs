using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Tests.Sessions;

/// <summary>Keeps the session records and signals a detector emits, for assertions.</summary>
internal sealed class RecordingSessionSink : ISessionSink
{
    public List<SessionRecord> Sessions { get; } = [];

    public List<Signal> Signals { get; } = [];

    public void OnSession(in SessionRecord session) => Sessions.Add(session);

    public void OnSignal(Signal signal) => Signals.Add(signal);
}
