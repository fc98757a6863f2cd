using System.Buffers.Binary;

namespace Telemetry.Ocpp.Text;

/// <summary>
/// Parses RFC 3339 timestamps like <see cref="Rfc3339.TryParseUnixMs"/>, remembering the minute
/// of the last one in the writers' layout (<c>yyyy-MM-ddTHH:mm:ss.fffZ</c>): records of a stream
/// come in time order, so most share the minute of the one before, and then only the seconds and
/// milliseconds are read. The remembered minute was checked in full when it was first parsed,
/// and a hit compares all its bytes, so every input gets the same answer as the full parser.
/// </summary>
/// <remarks>Not thread-safe: one per parser.</remarks>
internal sealed class MinuteCache
{
    private const int LayoutLength = 24; // yyyy-MM-ddTHH:mm:ss.fffZ
    private const int MinuteLength = 16; // yyyy-MM-ddTHH:mm
    private const int SecondsAt = 17;
    private const int FractionSeparatorAt = 19;
    private const int MillisecondsAt = 20;
    private const int MaxSecond = 60; // RFC 3339 §5.6 allows a leap second
    private const byte TimeSeparator = (byte)':';
    private const byte FractionSeparator = (byte)'.';

    private ulong _dateWord;
    private ulong _timeWord;
    private long _minuteMs = long.MinValue;

    public bool TryParseUnixMs(ReadOnlySpan<byte> text, out long unixMs)
    {
        if (text.Length == LayoutLength
            && _minuteMs != long.MinValue
            && BinaryPrimitives.ReadUInt64LittleEndian(text) == _dateWord
            && BinaryPrimitives.ReadUInt64LittleEndian(text[sizeof(ulong)..]) == _timeWord)
        {
            var seconds = SecondsAndMillis(text);
            if (seconds >= 0)
            {
                unixMs = _minuteMs + seconds;
                return true;
            }
        }

        if (!Rfc3339.TryParseUnixMs(text, out unixMs))
        {
            return false;
        }

        // Only the fixed layout is remembered: its tail alone tells the seconds and milliseconds.
        var tail = text.Length == LayoutLength ? SecondsAndMillis(text) : -1;
        if (tail >= 0)
        {
            _dateWord = BinaryPrimitives.ReadUInt64LittleEndian(text);
            _timeWord = BinaryPrimitives.ReadUInt64LittleEndian(text[sizeof(ulong)..]);
            _minuteMs = unixMs - tail;
        }

        return true;
    }

    /// <summary>Milliseconds into the minute from <c>:ss.fffZ</c> at the end of the layout, or -1 when that tail is not valid.</summary>
    private static int SecondsAndMillis(ReadOnlySpan<byte> text)
    {
        if (text[MinuteLength] != TimeSeparator || text[FractionSeparatorAt] != FractionSeparator || (text[^1] | 0x20) != 'z')
        {
            return -1;
        }

        var tens = (uint)(text[SecondsAt] - '0');
        var ones = (uint)(text[SecondsAt + 1] - '0');
        var hundreds = (uint)(text[MillisecondsAt] - '0');
        var tenths = (uint)(text[MillisecondsAt + 1] - '0');
        var units = (uint)(text[MillisecondsAt + 2] - '0');
        if (tens > 9 || ones > 9 || hundreds > 9 || tenths > 9 || units > 9)
        {
            return -1;
        }

        var second = (tens * 10) + ones;
        return second > MaxSecond ? -1 : (int)((second * 1000) + (hundreds * 100) + (tenths * 10) + units);
    }
}
