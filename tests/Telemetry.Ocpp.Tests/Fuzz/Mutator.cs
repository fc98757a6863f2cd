using System.Text;

namespace Telemetry.Ocpp.Tests.Fuzz;

/// <summary>
/// Seeded structure-aware mutations of a record's bytes: bit flips, inserted and deleted bytes,
/// truncation, doubled or dropped JSON punctuation, numbers made strings or huge, deep nesting,
/// invalid UTF-8, very long strings, line breaks, splices of two records and swapped vocabulary.
/// </summary>
public sealed class Mutator(Random random)
{
    private static readonly byte[] s_punctuation = "\"[]{},:\\"u8.ToArray();

    private static readonly byte[][] s_invalidUtf8 =
    [
        [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80, 0x80], [0xE2, 0x82],
    ];

    private static readonly string[] s_hugeNumbers =
    [
        "99999999999999999999999999", "-2147483649", "2147483648", "1e400", "-0.0000001", "1.5", "0x10", "-", "1e", "00012",
    ];

    // Words of the tap and OCPP vocabularies: swapping one for another reaches other branches with valid syntax.
    private static readonly string[] s_words =
    [
        "rx", "tx", "connected", "disconnected", "Heartbeat", "StatusNotification", "BootNotification", "Reset",
        "Faulted", "Available", "Occupied", "NoError", "GroundFailure", "Accepted", "ocpp1.6", "ocpp2.0.1", "ocpp2.1",
        "ts", "cp", "dir", "msg", "event", "proto", "status", "connectorId", "evseId", "interval", "connectorStatus",
        "b1", "h1", "s1", "x1", "c2", "", "0123456789012345678901234567890123456789",
    ];

    public byte[] Mutate(byte[] record, byte[] other)
    {
        var bytes = new List<byte>(record);
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(bytes, other);
        }

        return [.. bytes];
    }

    private void MutateOnce(List<byte> bytes, byte[] other)
    {
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(14))
        {
            case 0 when bytes.Count > 0:
                bytes[Math.Min(at, bytes.Count - 1)] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes.Insert(at, (byte)random.Next(256));
                break;
            case 2 when bytes.Count > 0:
                var start = Math.Min(at, bytes.Count - 1);
                bytes.RemoveRange(start, Math.Min(bytes.Count - start, 1 + random.Next(8)));
                break;
            case 3:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 4:
                EditPunctuation(bytes, duplicate: true);
                break;
            case 5:
                EditPunctuation(bytes, duplicate: false);
                break;
            case 6:
                QuoteNumber(bytes);
                break;
            case 7:
                ReplaceNumber(bytes, s_hugeNumbers[random.Next(s_hugeNumbers.Length)]);
                break;
            case 8:
                var depth = 1 + random.Next(200);
                var nesting = new string('[', depth) + (random.Next(2) == 0 ? new string(']', depth) : string.Empty);
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(nesting));
                break;
            case 9:
                bytes.InsertRange(at, s_invalidUtf8[random.Next(s_invalidUtf8.Length)]);
                break;
            case 10:
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(new string('x', random.Next(2000))));
                break;
            case 11:
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(random.Next(3) switch { 0 => "\n", 1 => "\r\n", _ => "   \n\n" }));
                break;
            case 12:
                var cut = random.Next(other.Length + 1);
                bytes.RemoveRange(at, bytes.Count - at);
                bytes.AddRange(other.AsSpan(cut).ToArray());
                break;
            default:
                SwapWord(bytes);
                break;
        }
    }

    private void EditPunctuation(List<byte> bytes, bool duplicate)
    {
        var target = s_punctuation[random.Next(s_punctuation.Length)];
        var index = NthIndexOf(bytes, b => b == target);
        if (index < 0)
        {
            return;
        }

        if (duplicate)
        {
            bytes.Insert(index, target);
        }
        else
        {
            bytes.RemoveAt(index);
        }
    }

    private void QuoteNumber(List<byte> bytes)
    {
        var (start, length) = NthNumber(bytes);
        if (length > 0)
        {
            bytes.Insert(start + length, (byte)'"');
            bytes.Insert(start, (byte)'"');
        }
    }

    private void ReplaceNumber(List<byte> bytes, string replacement)
    {
        var (start, length) = NthNumber(bytes);
        if (length > 0)
        {
            bytes.RemoveRange(start, length);
            bytes.InsertRange(start, Encoding.UTF8.GetBytes(replacement));
        }
    }

    private void SwapWord(List<byte> bytes)
    {
        // Searched as bytes: decoding would shift offsets wherever the record holds invalid UTF-8.
        var quoted = Encoding.UTF8.GetBytes("\"" + s_words[random.Next(s_words.Length)] + "\"");
        var index = bytes.ToArray().AsSpan().IndexOf(quoted);
        if (index < 0)
        {
            return;
        }

        bytes.RemoveRange(index, quoted.Length);
        bytes.InsertRange(index, Encoding.UTF8.GetBytes("\"" + s_words[random.Next(s_words.Length)] + "\""));
    }

    private (int Start, int Length) NthNumber(List<byte> bytes)
    {
        var start = NthIndexOf(bytes, b => b is >= (byte)'0' and <= (byte)'9');
        if (start < 0)
        {
            return (0, 0);
        }

        while (start > 0 && bytes[start - 1] is >= (byte)'0' and <= (byte)'9')
        {
            start--;
        }

        var end = start;
        while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9')
        {
            end++;
        }

        return (start, end - start);
    }

    private int NthIndexOf(List<byte> bytes, Func<byte, bool> match)
    {
        var matches = 0;
        foreach (var b in bytes)
        {
            matches += match(b) ? 1 : 0;
        }

        if (matches == 0)
        {
            return -1;
        }

        var wanted = random.Next(matches);
        for (var i = 0; i < bytes.Count; i++)
        {
            if (match(bytes[i]) && wanted-- == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
