using System.Text;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Sessions;

/// <summary>
/// The 1.6 ChargePointErrorCodes seen during a session, as one bit per code: a set without
/// allocation. <see cref="ErrorCode.None"/> and <see cref="ErrorCode.NoError"/> are never members.
/// </summary>
public readonly record struct ErrorCodeSet(uint Bits)
{
    // Unrecognised (255) does not fit the 32 bits; it takes the bit of the unused value 31.
    private const int UnrecognisedBit = 31;

    public bool IsEmpty => Bits == 0;

    public ErrorCodeSet With(ErrorCode code) =>
        code is ErrorCode.None or ErrorCode.NoError ? this : new ErrorCodeSet(Bits | (1u << BitOf(code)));

    public bool Contains(ErrorCode code) => code is not (ErrorCode.None or ErrorCode.NoError) && (Bits & (1u << BitOf(code))) != 0;

    /// <summary>The codes' OCPP names in value order, joined by <paramref name="separator"/>; empty when none. For the edges (files).</summary>
    public string ToNames(char separator)
    {
        if (IsEmpty)
        {
            return string.Empty;
        }

        var names = new StringBuilder();
        for (var bit = 0; bit < 32; bit++)
        {
            if ((Bits & (1u << bit)) == 0)
            {
                continue;
            }

            if (names.Length > 0)
            {
                names.Append(separator);
            }

            names.Append(bit == UnrecognisedBit ? nameof(ErrorCode.Unrecognised) : ((ErrorCode)bit).ToString());
        }

        return names.ToString();
    }

    private static int BitOf(ErrorCode code) => code == ErrorCode.Unrecognised ? UnrecognisedBit : (int)code & 31;
}
