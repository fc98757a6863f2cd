namespace Telemetry.Ocpp.Text;

/// <summary>
/// Parses and formats RFC 3339 date-times (<c>2026-03-01T12:00:00.123Z</c>, <c>…+01:00</c>) from UTF-8
/// into Unix milliseconds without allocating. Fractions beyond milliseconds are truncated.
/// </summary>
public static class Rfc3339
{
    private const byte DateSeparator = (byte)'-';
    private const byte TimeSeparator = (byte)':';
    private const byte FractionSeparator = (byte)'.';
    private const byte UtcDesignator = (byte)'Z';
    private const byte LowerUtcDesignator = (byte)'z';
    private const int MinimumLength = 20; // yyyy-MM-ddTHH:mm:ssZ

    /// <summary>Formats Unix milliseconds as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, the form every output uses.</summary>
    public static string Format(long unixMs) =>
        DateTime.UnixEpoch.AddMilliseconds(unixMs).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParseUnixMs(ReadOnlySpan<byte> text, out long unixMs)
    {
        unixMs = 0;
        if (text.Length < MinimumLength
            || text[4] != DateSeparator || text[7] != DateSeparator
            || (text[10] | 0x20) != 't'
            || text[13] != TimeSeparator || text[16] != TimeSeparator)
        {
            return false;
        }

        if (!TryDigits(text.Slice(0, 4), out var year) || !TryDigits(text.Slice(5, 2), out var month)
            || !TryDigits(text.Slice(8, 2), out var day) || !TryDigits(text.Slice(11, 2), out var hour)
            || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second))
        {
            return false;
        }

        var position = 19;
        var millis = 0;
        if (text[position] == FractionSeparator)
        {
            position++;
            var digits = 0;
            while (position < text.Length && IsDigit(text[position]))
            {
                if (digits < 3)
                {
                    millis = (millis * 10) + (text[position] - '0');
                }

                digits++;
                position++;
            }

            if (digits == 0)
            {
                return false;
            }

            for (; digits < 3; digits++)
            {
                millis *= 10;
            }
        }

        if (!TryOffsetMinutes(text[position..], out var offsetMinutes)
            || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)
            || hour > 23 || minute > 59 || second > 60 || year < 1)
        {
            return false;
        }

        // RFC 3339 §5.6 allows a leap second (:60); it is folded into the next second.
        var leap = second == 60 ? 1 : 0;
        var utc = new DateTime(year, month, day, hour, minute, second - leap, millis, DateTimeKind.Utc);
        unixMs = ((utc.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond)
            + (leap * 1000L) - (offsetMinutes * 60_000L);
        return true;
    }

    private static bool TryOffsetMinutes(ReadOnlySpan<byte> text, out int minutes)
    {
        minutes = 0;
        if (text.Length == 1 && (text[0] == UtcDesignator || text[0] == LowerUtcDesignator))
        {
            return true;
        }

        if (text.Length != 6 || (text[0] != (byte)'+' && text[0] != (byte)'-') || text[3] != TimeSeparator
            || !TryDigits(text.Slice(1, 2), out var hours) || !TryDigits(text.Slice(4, 2), out var mins)
            || hours > 23 || mins > 59)
        {
            return false;
        }

        minutes = ((hours * 60) + mins) * (text[0] == (byte)'-' ? -1 : 1);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        foreach (var b in text)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
