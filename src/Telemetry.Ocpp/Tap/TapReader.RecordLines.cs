using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Tap;

public sealed partial class TapReader
{
    /// <summary>Adapts the line loop to tap records: every line is a record, an oversized one a rejection.</summary>
    private struct RecordLines<THandler>(TapReader owner, THandler handler) : ILineHandler
        where THandler : struct, IParseHandler
    {
        private THandler _handler = handler;

        public void OnLine(ReadOnlySpan<byte> line, long number, long offset) =>
            owner.OnRecord(line, number, offset, ref _handler);

        public void OnOversized(ReadOnlySpan<byte> prefix, long number, long offset) =>
            owner.Reject(RejectReason.RecordTooLarge, prefix, number, offset, ref _handler);
    }
}
