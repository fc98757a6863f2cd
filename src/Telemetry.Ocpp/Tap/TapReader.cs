using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Tap;

/// <summary>
/// Owns the <see cref="PipeReader"/> loop over a tap stream (JSON Lines): finds record
/// boundaries, enforces the record size limit, hands each complete record to the
/// <see cref="TapRecordParser"/>, and turns every unusable record into one rejection with its
/// line and byte offset. Nothing is consumed from the pipe until a record is complete.
/// </summary>
public sealed class TapReader(TapRecordParser parser, TapReaderOptions options)
{
    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';

    private byte[]? _scratch;
    private long _line;
    private long _offset;
    private long _records;
    private long _rejected;
    private bool _skippingOversized;

    /// <summary>Bytes of input consumed so far; safe to read from another thread for progress.</summary>
    public long BytesRead => Volatile.Read(ref _offset);

    public async Task<TapReadResult> ReadAsync<THandler>(PipeReader input, THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IParseHandler
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                var consumed = buffer.Start;
                try
                {
                    consumed = ReadRecords(buffer, result.IsCompleted, ref handler);
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
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
                _scratch = null;
            }
        }

        return new TapReadResult(_records, _rejected, _offset);
    }

    private SequencePosition ReadRecords<THandler>(ReadOnlySequence<byte> buffer, bool isCompleted, ref THandler handler)
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
                        _records++;
                        Reject(RejectReason.RecordTooLarge, remaining.Slice(0, Math.Min(remaining.Length, 256)), ref handler);
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
            // The tail of a record already rejected as too large.
            _skippingOversized = false;
            _offset += length;
            return;
        }

        _line++;
        if (line.Length > options.MaxRecordBytes)
        {
            _records++;
            Reject(RejectReason.RecordTooLarge, line.Slice(0, Math.Min(line.Length, 256)), ref handler);
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
        _scratch ??= ArrayPool<byte>.Shared.Rent(options.MaxRecordBytes);
        line.CopyTo(_scratch);
        OnRecord(_scratch.AsSpan(0, (int)line.Length), ref handler);
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

        _records++;
        try
        {
            parser.Parse(record, ref handler);
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

    private void Reject<THandler>(RejectReason reason, ReadOnlySequence<byte> raw, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        Span<byte> copy = stackalloc byte[256];
        raw.CopyTo(copy);
        Reject(reason, copy[..(int)raw.Length], ref handler);
    }

    private void Reject<THandler>(RejectReason reason, ReadOnlySpan<byte> raw, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        _rejected++;
        handler.OnRejected(reason, _line, _offset, raw);
    }
}
