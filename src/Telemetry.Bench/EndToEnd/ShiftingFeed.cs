using Telemetry.Bench.Detect;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Bench.EndToEnd;

/// <summary>Parser handler that moves each event <see cref="ShiftMs"/> later and hands it to a partition's detectors.</summary>
public struct ShiftingFeed(BenchPartition partition) : IParseHandler
{
    public long ShiftMs { get; set; }

    public long Rejected { get; private set; }

    public readonly void OnEvent(in TelemetryEvent telemetryEvent)
    {
        var e = telemetryEvent;
        e.TimestampMs += ShiftMs;
        partition.OnEvent(e);
    }

    public void OnRejected(RejectReason reason, long line, long offset, ReadOnlySpan<byte> raw) => Rejected++;
}
