using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Telemetry.Ocpp.Text;

/// <summary>
/// A short byte string as two little-endian words and its length: the first and the last 8 bytes
/// (overlapping when it is shorter than 16), or, under 8 bytes, all of them in <see cref="First"/>
/// zero-padded. Up to <see cref="WholeLength"/> bytes the three numbers are the whole string, so
/// two such strings are equal exactly when their words are: names and ids are matched with three
/// integer compares instead of a call to compare bytes. A longer string's words are only a
/// quick first test before its bytes are compared.
/// </summary>
internal readonly struct Utf8Words
{
    /// <summary>The longest string that its words hold entirely.</summary>
    public const int WholeLength = 2 * sizeof(ulong);

    public readonly ulong First;
    public readonly ulong Last;
    public readonly int Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Utf8Words(ReadOnlySpan<byte> utf8)
    {
        Length = utf8.Length;
        if (utf8.Length >= sizeof(ulong))
        {
            First = BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            Last = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^sizeof(ulong)..]);
            return;
        }

        ulong word = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            word |= (ulong)utf8[i] << (i * 8);
        }

        First = word;
        Last = 0;
    }

    public Utf8Words(ulong first, ulong last, int length)
    {
        First = first;
        Last = last;
        Length = length;
    }

    /// <summary>True when both have the same words; for strings of at most <see cref="WholeLength"/> bytes, when they are equal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool SameWords(in Utf8Words other) => Length == other.Length && First == other.First && Last == other.Last;
}
