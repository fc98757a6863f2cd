namespace Telemetry.Simulator.Capture;

/// <summary>Formats Unix milliseconds as RFC 3339 UTC with milliseconds, e.g. 2026-03-01T12:00:00.123Z.</summary>
internal static class Rfc3339
{
    public const int Length = 24;

    private const long MsPerDay = 86_400_000;

    public static void Format(long unixMs, Span<byte> destination)
    {
        var days = Math.DivRem(unixMs, MsPerDay, out var msOfDay);
        if (msOfDay < 0)
        {
            days--;
            msOfDay += MsPerDay;
        }

        DateOnly.FromDayNumber((int)(days + DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber))
            .Deconstruct(out var year, out var month, out var day);

        Digits(destination[..4], year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), (int)(msOfDay / 3_600_000));
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), (int)(msOfDay / 60_000 % 60));
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), (int)(msOfDay / 1000 % 60));
        destination[19] = (byte)'.';
        Digits(destination.Slice(20, 3), (int)(msOfDay % 1000));
        destination[23] = (byte)'Z';
    }

    public static string ToString(long unixMs)
    {
        Span<byte> buffer = stackalloc byte[Length];
        Format(unixMs, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer);
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
