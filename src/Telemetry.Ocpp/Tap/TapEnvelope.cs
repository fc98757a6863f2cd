using System.Runtime.CompilerServices;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Text;

namespace Telemetry.Ocpp.Tap;

/// <summary>
/// Reads the head of a frame record in the layout tap writers use,
/// <c>{"ts":"…","cp":"…","dir":"rx|tx","msg":</c>, by comparing runs of bytes with the expected
/// ones instead of tokenising them: most records are heartbeats and their answers, whose head is
/// half their tokens. Any other shape (fields in another order, whitespace, escapes, a connection
/// event, a value the field readers would refuse) gives -1 and leaves the record to the general
/// reader, which reads these same bytes to the same result, only slower.
/// </summary>
internal static class TapEnvelope
{
    private const byte Receive = (byte)'r';
    private const byte Transmit = (byte)'t';
    private const byte DirectionSuffix = (byte)'x';
    private const int DirectionLength = 2;
    private const int TimestampLayoutLength = 24; // yyyy-MM-ddTHH:mm:ss.fffZ

    private static ReadOnlySpan<byte> TimestampHead => "{\"ts\":\""u8;

    private static ReadOnlySpan<byte> ChargePointHead => "\",\"cp\":\""u8;

    private static ReadOnlySpan<byte> DirectionHead => "\",\"dir\":\""u8;

    private static ReadOnlySpan<byte> MessageHead => "\",\"msg\":"u8;

    /// <summary>The index of the <c>msg</c> value, with the head's fields read, or -1 when the head is not in the usual layout.</summary>
    /// <remarks>
    /// Not inlined: with this and its own inlinees inside, the record parser's method outgrows the
    /// JIT's inlining budget and calls even span constructors; apart, both are compiled tight.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int TryRead(ReadOnlySpan<byte> record, ChargePointIds chargePoints, MinuteCache minutes, out long timestampMs, out int charger, out bool fromCharger)
    {
        charger = -1;
        fromCharger = false;
        timestampMs = 0;
        if (!record.StartsWith(TimestampHead))
        {
            return -1;
        }

        // Writers' timestamps have one length: when a quote stands where that layout ends, the text
        // before it is the candidate without a search; a quote inside it fails the parse, which
        // leaves the record to the general reader as a search would have.
        var layoutEnd = TimestampHead.Length + TimestampLayoutLength;
        var timestampEnd = record.Length > layoutEnd && record[layoutEnd] == (byte)'"'
            ? layoutEnd
            : JsonScanner.IndexOfPlainStringEnd(record, TimestampHead.Length);
        if (timestampEnd < 0
            || !record[timestampEnd..].StartsWith(ChargePointHead)
            || !minutes.TryParseUnixMs(record[TimestampHead.Length..timestampEnd], out timestampMs))
        {
            return -1;
        }

        var chargePointStart = timestampEnd + ChargePointHead.Length;
        var chargePointEnd = JsonScanner.IndexOfPlainStringEnd(record, chargePointStart);
        if (chargePointEnd < 0 || !record[chargePointEnd..].StartsWith(DirectionHead))
        {
            return -1;
        }

        var direction = chargePointEnd + DirectionHead.Length;
        var valueStart = direction + DirectionLength + MessageHead.Length;
        if (record.Length <= valueStart
            || record[direction + 1] != DirectionSuffix
            || record[direction] is not (Receive or Transmit)
            || !record[(direction + DirectionLength)..].StartsWith(MessageHead))
        {
            return -1;
        }

        charger = chargePoints.Intern(record[chargePointStart..chargePointEnd]);
        fromCharger = record[direction] == Receive;
        return charger >= 0 ? valueStart : -1;
    }
}
