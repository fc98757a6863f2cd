using System.Text;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// An OCPP vocabulary as UTF-8 names, searched without making strings. Entry i stands for the
/// enum value i + 1: each vocabulary enum lists its names in the table's order after None = 0.
/// </summary>
internal sealed class NameTable
{
    private readonly byte[][] _names;

    // For each name length, the entries of that length: a lookup compares one or two names, not the whole table.
    private readonly byte[][] _entriesByLength;

    public NameTable(params string[] names)
    {
        _names = new byte[names.Length][];
        var longest = 0;
        for (var i = 0; i < names.Length; i++)
        {
            _names[i] = Encoding.UTF8.GetBytes(names[i]);
            longest = Math.Max(longest, _names[i].Length);
        }

        _entriesByLength = new byte[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            var entries = new List<byte>();
            for (var i = 0; i < _names.Length; i++)
            {
                if (_names[i].Length == length)
                {
                    entries.Add((byte)i);
                }
            }

            _entriesByLength[length] = [.. entries];
        }
    }

    /// <summary>The enum value of <paramref name="name"/>: its index + 1, or <paramref name="notFound"/>.</summary>
    public byte Find(ReadOnlySpan<byte> name, byte notFound)
    {
        if (name.Length >= _entriesByLength.Length)
        {
            return notFound;
        }

        foreach (var entry in _entriesByLength[name.Length])
        {
            if (name.SequenceEqual(_names[entry]))
            {
                return (byte)(entry + 1);
            }
        }

        return notFound;
    }
}
