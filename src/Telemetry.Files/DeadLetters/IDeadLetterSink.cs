using Telemetry.Ocpp.Rejects;

namespace Telemetry.Files.DeadLetters;

/// <summary>Where unusable input goes (DESIGN §2.3 dead letters): a file, a stream or a Kafka topic.</summary>
public interface IDeadLetterSink
{
    /// <summary>Records one unusable input record with its reason, where it came from and its position.</summary>
    void Write(RejectReason reason, string source, long line, long offset, ReadOnlySpan<byte> raw);
}
