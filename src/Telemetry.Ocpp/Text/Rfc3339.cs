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
    private const int MillisecondLayoutLength = 24; // yyyy-MM-ddTHH:mm:ss.fffZ
    private const int FractionStart = 20;
    private const long SecondsPerDay = 86_400;
    private const long DaysFromEraToEpoch = 719_468; // 0000-03-01 to 1970-01-01

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

        var century = Digits2(text, 0);
        var yearOfCentury = Digits2(text, 2);
        var month = Digits2(text, 5);
        var day = Digits2(text, 8);
        var hour = Digits2(text, 11);
        var minute = Digits2(text, 14);
        var second = Digits2(text, 17);

        // Digits2 gives a negative number for a non-digit, so one test covers them all.
        if ((century | yearOfCentury | month | day | hour | minute | second) < 0)
        {
            return false;
        }

        var year = (century * 100) + yearOfCentury;

        int millis;
        int offsetMinutes;
        if (text.Length == MillisecondLayoutLength && text[FractionStart - 1] == FractionSeparator && (text[^1] | 0x20) == 'z')
        {
            // The layout writers use (three fraction digits, UTC): no loop, no offset.
            millis = Digits3(text, FractionStart);
            offsetMinutes = 0;
            if (millis < 0)
            {
                return false;
            }
        }
        else if (!TryFractionAndOffset(text, out millis, out offsetMinutes))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month)
            || hour > 23 || minute > 59 || second > 60 || year < 1)
        {
            return false;
        }

        // Plain arithmetic rather than a DateTime: this runs once per record. RFC 3339 §5.6 allows a
        // leap second (:60); counted as 60 seconds into the minute, it falls on the next second.
        var seconds = (DaysSinceEpoch(year, month, day) * SecondsPerDay) + (hour * 3600L) + (minute * 60L) + second;
        unixMs = (seconds * 1000L) + millis - (offsetMinutes * 60_000L);
        return true;
    }

    /// <summary>Days from 1970-01-01 to a proleptic Gregorian date, counted in 400-year eras of 146,097 days (March-based years put the leap day last).</summary>
    private static long DaysSinceEpoch(int year, int month, int day)
    {
        var marchYear = month <= 2 ? year - 1 : year;
        var era = marchYear / 400;
        var yearOfEra = marchYear - (era * 400);
        var dayOfYear = ((((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5) + day) - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097L) + dayOfEra - DaysFromEraToEpoch;
    }

    /// <summary>The fraction (truncated to milliseconds) and offset that follow the seconds, in any form RFC 3339 allows.</summary>
    private static bool TryFractionAndOffset(ReadOnlySpan<byte> text, out int millis, out int offsetMinutes)
    {
        var position = 19;
        millis = 0;
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
                offsetMinutes = 0;
                return false;
            }

            for (; digits < 3; digits++)
            {
                millis *= 10;
            }
        }

        return TryOffsetMinutes(text[position..], out offsetMinutes);
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

    /// <summary>The two-digit number at <paramref name="at"/>, or a negative number when either byte is not a digit.</summary>
    private static int Digits2(ReadOnlySpan<byte> text, int at)
    {
        var tens = (uint)(text[at] - '0');
        var ones = (uint)(text[at + 1] - '0');
        return tens <= 9 && ones <= 9 ? (int)((tens * 10) + ones) : -1;
    }

    /// <summary>The three-digit number at <paramref name="at"/>, or a negative number when any byte is not a digit.</summary>
    private static int Digits3(ReadOnlySpan<byte> text, int at)
    {
        var hundreds = (uint)(text[at] - '0');
        var tens = (uint)(text[at + 1] - '0');
        var ones = (uint)(text[at + 2] - '0');
        return hundreds <= 9 && tens <= 9 && ones <= 9 ? (int)((hundreds * 100) + (tens * 10) + ones) : -1;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;
}
