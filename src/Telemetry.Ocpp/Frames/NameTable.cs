using System.Text;
using Telemetry.Ocpp.Text;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// An OCPP vocabulary as UTF-8 names, searched without making strings. Entry i stands for the
/// enum value i + 1: each vocabulary enum lists its names in the table's order after None = 0.
/// </summary>
internal sealed class NameTable
{
    private readonly byte[][] _names;

    // Each name's words: a name of at most 16 bytes is matched on them alone, with no byte compare.
    private readonly Utf8Words[] _words;

    // For each name length, the entries of that length: a lookup compares one or two names, not the whole table.
    private readonly byte[][] _entriesByLength;

    public NameTable(params string[] names)
    {
        _names = new byte[names.Length][];
        _words = new Utf8Words[names.Length];
        var longest = 0;
        for (var i = 0; i < names.Length; i++)
        {
            _names[i] = Encoding.UTF8.GetBytes(names[i]);
            _words[i] = new Utf8Words(_names[i]);
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

        var words = new Utf8Words(name);
        foreach (var entry in _entriesByLength[name.Length])
        {
            if (_words[entry].SameWords(words) && (name.Length <= Utf8Words.WholeLength || name.SequenceEqual(_names[entry])))
            {
                return (byte)(entry + 1);
            }
        }

        return notFound;
    }
}
