using System.Text;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// An OCPP vocabulary as UTF-8 names, searched without making strings. Entry i stands for the
/// enum value i + 1: each vocabulary enum lists its names in the table's order after None = 0.
/// </summary>
internal sealed class NameTable
{
    private readonly byte[][] _names;

    public NameTable(params string[] names)
    {
        _names = new byte[names.Length][];
        for (var i = 0; i < names.Length; i++)
        {
            _names[i] = Encoding.UTF8.GetBytes(names[i]);
        }
    }

    /// <summary>The enum value of <paramref name="name"/>: its index + 1, or <paramref name="notFound"/>.</summary>
    public byte Find(ReadOnlySpan<byte> name, byte notFound)
    {
        // Tables hold at most a few dozen short names: a scan that first compares lengths beats hashing.
        for (var i = 0; i < _names.Length; i++)
        {
            if (name.SequenceEqual(_names[i]))
            {
                return (byte)(i + 1);
            }
        }

        return notFound;
    }
}
