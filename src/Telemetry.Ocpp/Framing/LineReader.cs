using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Telemetry.Ocpp.Framing;

/// <summary>
/// Owns the <see cref="PipeReader"/> loop over line-delimited input (tap JSON Lines, CSV log
/// exports): finds line boundaries, enforces the line size limit without buffering beyond it,
/// copies a line that spans segments into one pooled buffer, and hands each complete non-blank
/// line to the handler with its number and byte offset. Nothing is consumed from the pipe until
/// a line is complete; a last line without a line feed is handed over when the input ends.
/// </summary>
public sealed class LineReader(int maxLineBytes)
{
    /// <summary>Bytes of an oversized line kept for its rejection.</summary>
    public const int OversizedPrefixBytes = 256;

    private const byte LineFeed = (byte)'\n';
    private const byte CarriageReturn = (byte)'\r';
    private const byte Space = (byte)' ';

    private byte[]? _scratch;
    private long _line;
    private long _offset;
    private long _lines;
    private bool _skippingOversized;

    /// <summary>Bytes of input consumed so far; safe to read from another thread for progress.</summary>
    public long BytesRead => Volatile.Read(ref _offset);

    /// <summary>Non-blank lines handed over so far, oversized ones included.</summary>
    public long Lines => _lines;

    public async Task ReadAsync<THandler>(PipeReader input, THandler handler, CancellationToken cancellationToken)
        where THandler : struct, ILineHandler
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
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
                _scratch = null;
            }
        }
    }

    private SequencePosition ReadLines<THandler>(ReadOnlySequence<byte> buffer, bool isCompleted, ref THandler handler)
        where THandler : struct, ILineHandler
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

                if (remaining.Length > maxLineBytes)
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
        where THandler : struct, ILineHandler
    {
        if (_skippingOversized)
        {
            // The tail of a line already handed over as oversized.
            _skippingOversized = false;
            _offset += length;
            return;
        }

        _line++;
        if (line.Length > maxLineBytes)
        {
            OnOversized(line, ref handler);
        }
        else if (line.IsSingleSegment)
        {
            OnComplete(line.FirstSpan, ref handler);
        }
        else
        {
            OnMultiSegment(line, ref handler);
        }

        _offset += length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void OnMultiSegment<THandler>(ReadOnlySequence<byte> line, ref THandler handler)
        where THandler : struct, ILineHandler
    {
        _scratch ??= ArrayPool<byte>.Shared.Rent(maxLineBytes);
        line.CopyTo(_scratch);
        OnComplete(_scratch.AsSpan(0, (int)line.Length), ref handler);
    }

    private void OnComplete<THandler>(ReadOnlySpan<byte> line, ref THandler handler)
        where THandler : struct, ILineHandler
    {
        if (!line.IsEmpty && line[^1] == CarriageReturn)
        {
            line = line[..^1];
        }

        if (line.Trim(Space).IsEmpty)
        {
            return;
        }

        _lines++;
        handler.OnLine(line, _line, _offset);
    }

    private void OnOversized<THandler>(ReadOnlySequence<byte> raw, ref THandler handler)
        where THandler : struct, ILineHandler
    {
        _lines++;
        Span<byte> prefix = stackalloc byte[OversizedPrefixBytes];
        var kept = raw.Slice(0, Math.Min(raw.Length, OversizedPrefixBytes));
        kept.CopyTo(prefix);
        handler.OnOversized(prefix[..(int)kept.Length], _line, _offset);
    }
}
