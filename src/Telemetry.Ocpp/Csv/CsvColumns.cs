using System.Text;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Csv;

/// <summary>
/// Where the columns of a CSMS log export are, found by name in its header line
/// (<c>timestamp,id,action,msg</c> in any order; other columns are ignored). Names are matched
/// without regard to ASCII case or surrounding spaces, and may be quoted.
/// </summary>
public readonly record struct CsvColumns(int Timestamp, int ChargePoint, int Action, int Message)
{
    private const int Missing = -1;
    private static readonly byte[] s_byteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>Finds the four columns; throws <see cref="FormatException"/> naming any column the header lacks.</summary>
    public static CsvColumns Parse(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(s_byteOrderMark))
        {
            header = header[s_byteOrderMark.Length..];
        }

        int timestamp = Missing, chargePoint = Missing, action = Missing, message = Missing;
        var fields = new CsvFieldReader(header);
        try
        {
            Span<byte> scratch = stackalloc byte[64];
            for (var index = 0; fields.TryRead(out var field); index++)
            {
                var used = 0;
                var name = field.Raw.Length <= scratch.Length ? field.Value(scratch, ref used).Trim((byte)' ') : default;
                Claim(ref timestamp, name, "timestamp"u8, index);
                Claim(ref chargePoint, name, "id"u8, index);
                Claim(ref action, name, "action"u8, index);
                Claim(ref message, name, "msg"u8, index);
            }
        }
        catch (MalformedRecordException e)
        {
            throw new FormatException("The CSV header line has invalid quoting.", e);
        }

        var missing = new StringBuilder();
        AddIfMissing(missing, timestamp, "timestamp");
        AddIfMissing(missing, chargePoint, "id");
        AddIfMissing(missing, action, "action");
        AddIfMissing(missing, message, "msg");
        if (missing.Length > 0)
        {
            throw new FormatException($"The CSV header line lacks the column(s) {missing}; expected timestamp,id,action,msg in any order.");
        }

        return new CsvColumns(timestamp, chargePoint, action, message);
    }

    private static void Claim(ref int column, ReadOnlySpan<byte> name, ReadOnlySpan<byte> wanted, int index)
    {
        // The first column of a name wins, so a repeated name cannot move it.
        if (column == Missing && Ascii.EqualsIgnoreCase(name, wanted))
        {
            column = index;
        }
    }

    private static void AddIfMissing(StringBuilder missing, int column, string name)
    {
        if (column == Missing)
        {
            missing.Append(missing.Length > 0 ? ", " : string.Empty).Append('\'').Append(name).Append('\'');
        }
    }
}
