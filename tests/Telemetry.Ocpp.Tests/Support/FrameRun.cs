using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>A frame parser over one charger's connection: send it frames from either side, read back the events.</summary>
public sealed class FrameRun(OcppVersion version = OcppVersion.Unknown)
{
    public const long TimestampMs = 1_772_366_400_000;
    public const int Charger = 3;

    private readonly OcppFrameParser _parser = new(new PendingCalls(64, TimeSpan.FromMinutes(5)), new TextCodeRegistry());

    public OcppVersion Version { get; private set; } = version;

    public TextCodeRegistry Texts => _parser.TextCodes;

    public long DroppedEvents => _parser.DroppedEvents;

    /// <summary>A frame the charger sent (<c>rx</c>).</summary>
    public List<TelemetryEvent> FromCharger(string frame) => Parse(frame, fromCharger: true);

    /// <summary>A frame the CSMS sent (<c>tx</c>).</summary>
    public List<TelemetryEvent> FromCsms(string frame) => Parse(frame, fromCharger: false);

    /// <summary>Parses one frame; the connection's version follows what the frame showed, as the tap parser's does.</summary>
    public List<TelemetryEvent> Parse(string frame, bool fromCharger)
    {
        var log = new ParseLog();
        var handler = new RecordingHandler(log);
        Version = _parser.Parse(Encoding.UTF8.GetBytes(frame), new FrameContext(TimestampMs, Charger, fromCharger, Version), ref handler);
        return log.Events;
    }

    /// <summary>The only event of a frame the charger sent.</summary>
    public TelemetryEvent SingleFromCharger(string frame) => Assert.Single(FromCharger(frame));

    /// <summary>The only event of a frame the CSMS sent.</summary>
    public TelemetryEvent SingleFromCsms(string frame) => Assert.Single(FromCsms(frame));

    public string? TextOf(in TelemetryEvent e) => Texts.TextOf(e.TextCode);
}
