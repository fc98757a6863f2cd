namespace Telemetry.Ocpp.Csv;

/// <summary>
/// One field of a CSV line as it was written: <see cref="Raw"/> is the text between the quotes
/// of a quoted field, with doubled quotes still doubled when <see cref="HasDoubledQuotes"/>.
/// </summary>
internal readonly ref struct CsvField(ReadOnlySpan<byte> raw, bool hasDoubledQuotes)
{
    private const byte Quote = (byte)'"';

    public ReadOnlySpan<byte> Raw { get; } = raw;

    public bool HasDoubledQuotes { get; } = hasDoubledQuotes;

    /// <summary>The field's value; a field with doubled quotes is unquoted into <paramref name="scratch"/> (RFC 4180 §2.7).</summary>
    public ReadOnlySpan<byte> Value(Span<byte> scratch, scoped ref int used)
    {
        if (!HasDoubledQuotes)
        {
            return Raw;
        }

        var start = used;
        var remaining = Raw;
        while (true)
        {
            var quote = remaining.IndexOf(Quote);
            if (quote < 0)
            {
                remaining.CopyTo(scratch[used..]);
                used += remaining.Length;
                return scratch[start..used];
            }

            // The splitter guarantees every quote inside a quoted field is the first of a pair.
            remaining[..(quote + 1)].CopyTo(scratch[used..]);
            used += quote + 1;
            remaining = remaining[(quote + 2)..];
        }
    }
}
