using System.Buffers;
using System.IO.Pipelines;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Csv;

/// <summary>
/// Reads a CSMS log export (CSV, RFC 4180, one frame per line): the <see cref="LineReader"/>
/// frames it, the header line names the columns, each row goes to the
/// <see cref="CsvRowParser"/>, and every unusable row becomes one rejection with its line and
/// byte offset. Lines end with LF or CRLF; blank lines are skipped.
/// </summary>
public sealed partial class CsvCaptureReader(CsvRowParser parser, CsvReaderOptions options)
{
    private readonly LineReader _lines = new(options.MaxRecordBytes);
    private byte[]? _fieldScratch;
    private CsvColumns _columns;
    private bool _hasHeader;
    private long _rows;
    private long _rejected;

    /// <summary>Bytes of input consumed so far; safe to read from another thread for progress.</summary>
    public long BytesRead => _lines.BytesRead;

    /// <summary>The columns found in the header, once it has been read.</summary>
    public CsvColumns Columns => _columns;

    /// <summary>Reads the whole export; throws <see cref="FormatException"/> when the header line is absent or lacks a column.</summary>
    public async Task<CaptureReadResult> ReadAsync<THandler>(PipeReader input, THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IParseHandler
    {
        _fieldScratch = ArrayPool<byte>.Shared.Rent(options.MaxRecordBytes);
        try
        {
            await _lines.ReadAsync(input, new RowLines<THandler>(this, handler), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(_fieldScratch);
            _fieldScratch = null;
        }

        if (!_hasHeader)
        {
            throw new FormatException("The CSV input has no header line; expected timestamp,id,action,msg.");
        }

        return new CaptureReadResult(_rows, _rejected, _lines.BytesRead);
    }

    private void OnLine<THandler>(ReadOnlySpan<byte> line, long number, long offset, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        if (!_hasHeader)
        {
            _columns = CsvColumns.Parse(line);
            _hasHeader = true;
            return;
        }

        _rows++;
        try
        {
            parser.Parse(line, _columns, _fieldScratch, ref handler);
        }
        catch (MalformedRecordException e)
        {
            Reject(e.Reason, line, number, offset, ref handler);
        }
    }

    private void OnOversized<THandler>(ReadOnlySpan<byte> prefix, long number, long offset, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        if (!_hasHeader)
        {
            throw new FormatException($"The CSV header line is longer than {options.MaxRecordBytes} bytes.");
        }

        _rows++;
        Reject(RejectReason.RecordTooLarge, prefix, number, offset, ref handler);
    }

    private void Reject<THandler>(RejectReason reason, ReadOnlySpan<byte> raw, long line, long offset, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        _rejected++;
        handler.OnRejected(reason, line, offset, raw);
    }
}
