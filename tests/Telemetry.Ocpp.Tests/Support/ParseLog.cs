using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>What a <see cref="RecordingHandler"/> saw; a class so every copy of the struct handler writes here.</summary>
public sealed class ParseLog
{
    public List<TelemetryEvent> Events { get; } = [];

    public List<Rejection> Rejections { get; } = [];
}
