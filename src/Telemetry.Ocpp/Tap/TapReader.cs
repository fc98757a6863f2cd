using System.IO.Pipelines;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Tap;

/// <summary>
/// Reads a tap stream (JSON Lines): the <see cref="LineReader"/> frames it, each record goes to
/// the <see cref="TapRecordParser"/>, and every unusable record becomes one rejection with its
/// line and byte offset — the one catch site that turns parse failures into dead letters.
/// </summary>
public sealed partial class TapReader(TapRecordParser parser, TapReaderOptions options)
{
    private readonly LineReader _lines = new(options.MaxRecordBytes);
    private long _rejected;

    /// <summary>Bytes of input consumed so far; safe to read from another thread for progress.</summary>
    public long BytesRead => _lines.BytesRead;

    public async Task<CaptureReadResult> ReadAsync<THandler>(PipeReader input, THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IParseHandler
    {
        await _lines.ReadAsync(input, new RecordLines<THandler>(this, handler), cancellationToken).ConfigureAwait(false);
        return new CaptureReadResult(_lines.Lines, _rejected, _lines.BytesRead);
    }

    private void OnRecord<THandler>(ReadOnlySpan<byte> record, long line, long offset, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        try
        {
            parser.Parse(record, ref handler);
        }
        catch (MalformedRecordException e)
        {
            Reject(e.Reason, record, line, offset, ref handler);
        }
    }

    private void Reject<THandler>(RejectReason reason, ReadOnlySpan<byte> raw, long line, long offset, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        _rejected++;
        handler.OnRejected(reason, line, offset, raw);
    }
}
