namespace Telemetry.Ocpp.Tests.Fuzz;

/// <summary>What a line of a tap stream is, found by a plain split on line feeds (the fuzz oracle).</summary>
public enum OracleLineKind
{
    Blank,
    Record,
    TooLarge,
}

/// <summary>One line of a fuzz input: where it starts, its number, its bytes without the line feed, and its kind.</summary>
public sealed record OracleLine(long Offset, long Number, byte[] Bytes, OracleLineKind Kind)
{
    /// <summary>Splits <paramref name="input"/> as the tap format defines lines: LF-terminated, an optional CR before it, spaces-only lines blank.</summary>
    public static List<OracleLine> Split(byte[] input, int maxRecordBytes)
    {
        var lines = new List<OracleLine>();
        var start = 0;
        while (start < input.Length)
        {
            var end = Array.IndexOf(input, (byte)'\n', start);
            var length = (end < 0 ? input.Length : end) - start;
            var bytes = input.AsSpan(start, length).ToArray();
            var content = bytes.AsSpan();
            if (!content.IsEmpty && content[^1] == (byte)'\r')
            {
                content = content[..^1];
            }

            var kind = length > maxRecordBytes ? OracleLineKind.TooLarge
                : content.Trim((byte)' ').IsEmpty ? OracleLineKind.Blank
                : OracleLineKind.Record;
            lines.Add(new OracleLine(start, lines.Count + 1, bytes, kind));
            start += length + 1;
        }

        return lines;
    }
}
