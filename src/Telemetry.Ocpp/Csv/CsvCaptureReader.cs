using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Csv;

/// <summary>
/// Owns the <see cref="PipeReader"/> loop over a CSMS log export (CSV, RFC 4180, one frame per
/// line): reads the header line first and finds the columns by name, then hands each complete
/// row to the <see cref="CsvRowParser"/>, enforces the record size limit, and turns every
/// unusable row into one rejection with its line and byte offset. Nothing is consumed from the
/// pipe until a line is complete. Lines end with LF or CRLF; blank lines are skipped.
/// </summary>
public sealed class CsvCaptureReader(CsvRowParser parser, CsvReaderOptions options)
{
    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';
    private const int RawPrefixBytes = 256;

    private byte[]? _lineScratch;
    private byte[]? _fieldScratch;
    private CsvColumns _columns;
    private bool _hasHeader;
    private long _line;
    private long _offset;
    private long _rows;
    private long _rejected;
    private bool _skippingOversized;

    /// <summary>Bytes of input consumed so far; safe to read from another thread for progress.</summary>
    public long BytesRead => Volatile.Read(ref _offset);

    /// <summary>The columns found in the header, once it has been read.</summary>
    public CsvColumns Columns => _columns;

    /// <summary>Reads the whole export; throws <see cref="FormatException"/> when the header line is absent or lacks a column.</summary>
    public async Task<CsvReadResult> ReadAsync<THandler>(PipeReader input, THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IParseHandler
    {
        ArgumentNullException.ThrowIfNull(input);
        _fieldScratch = ArrayPool<byte>.Shared.Rent(options.MaxRecordBytes);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                try
                {
                    consumed = ReadLines(buffer, result.IsCompleted, ref handler);
                }
                finally
                {
                    // Everything up to the end was examined: wake up only when more bytes arrive.
                    input.AdvanceTo(consumed, buffer.End);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        finally
        {
            ReturnScratch(ref _lineScratch);
            ReturnScratch(ref _fieldScratch);
        }

        if (!_hasHeader)
        {
            throw new FormatException("The CSV input has no header line; expected timestamp,id,action,msg.");
        }

        return new CsvReadResult(_rows, _rejected, _offset);
    }

    private SequencePosition ReadLines<THandler>(ReadOnlySequence<byte> buffer, bool isCompleted, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        var remaining = buffer;
        while (true)
        {
            var newline = remaining.PositionOf(LineFeed);
            if (newline is null)
            {
                if (isCompleted && !remaining.IsEmpty)
                {
                    OnLine(remaining, remaining.Length, ref handler);
                    return remaining.End;
                }

                if (remaining.Length > options.MaxRecordBytes)
                {
                    // Drop the oversized prefix now so memory stays bounded; the rest of the line follows.
                    if (!_skippingOversized)
                    {
                        // The line is counted now; its tail, when its newline arrives, is not counted again.
                        _line++;
                        OnOversized(remaining, ref handler);
                        _skippingOversized = true;
                    }

                    _offset += remaining.Length;
                    return remaining.End;
                }

                return remaining.Start;
            }

            var line = remaining.Slice(0, newline.Value);
            OnLine(line, line.Length + 1, ref handler);
            remaining = remaining.Slice(remaining.GetPosition(1, newline.Value));
        }
    }

    private void OnLine<THandler>(ReadOnlySequence<byte> line, long length, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        if (_skippingOversized)
        {
            // The tail of a line already rejected as too large.
            _skippingOversized = false;
            _offset += length;
            return;
        }

        _line++;
        if (line.Length > options.MaxRecordBytes)
        {
            OnOversized(line, ref handler);
        }
        else if (line.IsSingleSegment)
        {
            OnRecord(line.FirstSpan, ref handler);
        }
        else
        {
            OnMultiSegmentRecord(line, ref handler);
        }

        _offset += length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnMultiSegmentRecord<THandler>(ReadOnlySequence<byte> line, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        _lineScratch ??= ArrayPool<byte>.Shared.Rent(options.MaxRecordBytes);
        line.CopyTo(_lineScratch);
        OnRecord(_lineScratch.AsSpan(0, (int)line.Length), ref handler);
    }

    private void OnRecord<THandler>(ReadOnlySpan<byte> record, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        if (!record.IsEmpty && record[^1] == CarriageReturn)
        {
            record = record[..^1];
        }

        if (record.Trim((byte)' ').IsEmpty)
        {
            return;
        }

        if (!_hasHeader)
        {
            _columns = CsvColumns.Parse(record);
            _hasHeader = true;
            return;
        }

        _rows++;
        try
        {
            parser.Parse(record, _columns, _fieldScratch, ref handler);
        }
        catch (MalformedRecordException e)
        {
            Reject(e.Reason, record, ref handler);
        }
        catch (JsonException)
        {
            Reject(RejectReason.InvalidJson, record, ref handler);
        }
    }

    private void OnOversized<THandler>(ReadOnlySequence<byte> raw, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        if (!_hasHeader)
        {
            throw new FormatException($"The CSV header line is longer than {options.MaxRecordBytes} bytes.");
        }

        _rows++;
        Span<byte> copy = stackalloc byte[RawPrefixBytes];
        var prefix = raw.Slice(0, Math.Min(raw.Length, RawPrefixBytes));
        prefix.CopyTo(copy);
        Reject(RejectReason.RecordTooLarge, copy[..(int)prefix.Length], ref handler);
    }

    private void Reject<THandler>(RejectReason reason, ReadOnlySpan<byte> raw, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        _rejected++;
        handler.OnRejected(reason, _line, _offset, raw);
    }

    private static void ReturnScratch(ref byte[]? scratch)
    {
        if (scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(scratch);
            scratch = null;
        }
    }
}
