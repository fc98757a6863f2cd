using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Framing;

namespace Telemetry.Ocpp.Csv;

public sealed partial class CsvCaptureReader
{
    /// <summary>Adapts the line loop to CSV rows: the first line is the header, the rest are rows.</summary>
    private struct RowLines<THandler>(CsvCaptureReader owner, THandler handler) : ILineHandler
        where THandler : struct, IParseHandler
    {
        private THandler _handler = handler;

        public void OnLine(ReadOnlySpan<byte> line, long number, long offset) =>
            owner.OnLine(line, number, offset, ref _handler);

        public void OnOversized(ReadOnlySpan<byte> prefix, long number, long offset) =>
            owner.OnOversized(prefix, number, offset, ref _handler);
    }
}
