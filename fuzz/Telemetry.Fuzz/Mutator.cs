using System.Text;

namespace Telemetry.Fuzz;

/// <summary>
/// Byte-level mutations of tap records of the kinds that break parsers: flipped bits, inserted
/// and deleted bytes, JSON punctuation, invalid UTF-8, huge numbers, splices of another record,
/// duplicated ranges, truncation and stray line feeds.
/// </summary>
internal sealed class Mutator(Random random)
{
    private static readonly byte[] s_punctuation = "\"[]{},:\\ \t\r\n-.e0"u8.ToArray();

    private static readonly byte[][] s_invalidUtf8 =
    [
        [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82],
    ];

    private static readonly byte[][] s_tokens = Array.ConvertAll(
        ["99999999999999999999999", "1e400", "-0", "null", "true", "\"\"", "[]", "{}", "\\u0000", "\\ud800", "3", "2", "4", "6", "\"Heartbeat\"", "0123456789012345678901234567890123456789"],
        Encoding.UTF8.GetBytes);

    public byte[] Mutate(byte[] record, byte[] other)
    {
        var bytes = new List<byte>(record);
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            MutateOnce(bytes, other);
        }

        return [.. bytes];
    }

    private void MutateOnce(List<byte> bytes, byte[] other)
    {
        var at = random.Next(bytes.Count + 1);
        switch (random.Next(10))
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
                bytes.Insert(at, s_punctuation[random.Next(s_punctuation.Length)]);
                break;
            case 4:
                bytes.InsertRange(at, s_invalidUtf8[random.Next(s_invalidUtf8.Length)]);
                break;
            case 5:
                bytes.InsertRange(at, s_tokens[random.Next(s_tokens.Length)]);
                break;
            case 6:
                var from = random.Next(other.Length);
                bytes.InsertRange(at, other.AsSpan(from, random.Next(other.Length - from + 1)).ToArray());
                break;
            case 7 when bytes.Count > 1:
                var copyFrom = random.Next(bytes.Count - 1);
                var length = 1 + random.Next(Math.Min(16, bytes.Count - copyFrom));
                bytes.InsertRange(at, bytes.GetRange(copyFrom, length));
                break;
            case 8:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            default:
                bytes.Insert(at, (byte)'\n');
                break;
        }
    }
}
