using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Csv;

/// <summary>
/// Walks the fields of one CSV line (RFC 4180 §2): comma-separated, a field either plain or
/// wholly enclosed in double quotes, with a quote inside a quoted field written twice. A quote
/// inside a plain field, an unterminated quoted field, or text between a closing quote and the
/// next comma breaks the row's structure and throws <see cref="MalformedRecordException"/> with
/// <see cref="RejectReason.InvalidFrame"/>: the frame cannot be located reliably.
/// </summary>
internal ref struct CsvFieldReader(ReadOnlySpan<byte> line)
{
    private const byte Quote = (byte)'"';
    private const byte Comma = (byte)',';

    private readonly ReadOnlySpan<byte> _line = line;
    private int _position;
    private bool _done;

    /// <summary>Reads the next field; false once the last field (after the last comma) has been read.</summary>
    public bool TryRead(out CsvField field)
    {
        if (_done)
        {
            field = default;
            return false;
        }

        var rest = _line[_position..];
        if (!rest.IsEmpty && rest[0] == Quote)
        {
            field = ReadQuoted(rest);
            return true;
        }

        var comma = rest.IndexOf(Comma);
        var raw = comma < 0 ? rest : rest[..comma];
        if (raw.Contains(Quote))
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidFrame);
        }

        Advance(comma < 0 ? -1 : comma + 1);
        field = new CsvField(raw, hasDoubledQuotes: false);
        return true;
    }

    private CsvField ReadQuoted(ReadOnlySpan<byte> rest)
    {
        var doubled = false;
        var closing = 1;
        while (true)
        {
            var quote = rest[closing..].IndexOf(Quote);
            if (quote < 0)
            {
                // A line break inside a quoted field is not supported: OCPP-J frames are single-line JSON.
                ThrowHelper.ThrowMalformed(RejectReason.InvalidFrame);
            }

            closing += quote;
            if (closing + 1 < rest.Length && rest[closing + 1] == Quote)
            {
                doubled = true;
                closing += 2;
                continue;
            }

            break;
        }

        var after = closing + 1;
        if (after == rest.Length)
        {
            Advance(-1);
        }
        else if (rest[after] == Comma)
        {
            Advance(after + 1);
        }
        else
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidFrame);
        }

        return new CsvField(rest[1..closing], doubled);
    }

    private void Advance(int next)
    {
        if (next < 0)
        {
            _done = true;
        }
        else
        {
            _position += next;
        }
    }
}
