using System.Buffers.Text;

namespace Telemetry.Ocpp.Json;

/// <summary>
/// Parses a number's text to a <see cref="double"/> with the answer of
/// <see cref="Utf8Parser.TryParse(ReadOnlySpan{byte}, out double, out int, char)"/> over the whole
/// text, taking a short cut for what meters send: an optional minus, at most 15 digits and an
/// optional fraction. Such a number is an integer below 2^53 divided by a power of ten up to
/// 10^15, both exact in a double, so one division rounds correctly and gives the same bits as the
/// general parser. Anything else (exponents, a plus sign, more digits) goes to the general parser.
/// </summary>
internal static class DecimalText
{
    private const int MaxExactDigits = 15;
    private const byte Minus = (byte)'-';
    private const byte Dot = (byte)'.';

    private static readonly double[] s_powersOfTen =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        var negative = !text.IsEmpty && text[0] == Minus;
        var at = negative ? 1 : 0;
        var digits = 0;
        var fractionDigits = -1;
        var mantissa = 0L;
        for (; at < text.Length; at++)
        {
            var digit = (uint)(text[at] - '0');
            if (digit <= 9)
            {
                mantissa = (mantissa * 10) + digit;
                digits++;
                if (fractionDigits >= 0)
                {
                    fractionDigits++;
                }
            }
            else if (text[at] == Dot && fractionDigits < 0)
            {
                fractionDigits = 0;
            }
            else
            {
                return General(text, out value);
            }
        }

        // A number needs a digit on each side of its point here; "5." and ".5" are left to the general parser.
        if (digits == 0 || digits > MaxExactDigits || fractionDigits == 0 || (fractionDigits > 0 && digits == fractionDigits))
        {
            return General(text, out value);
        }

        var magnitude = fractionDigits > 0 ? mantissa / s_powersOfTen[fractionDigits] : mantissa;
        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static bool General(ReadOnlySpan<byte> text, out double value) =>
        Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
}
