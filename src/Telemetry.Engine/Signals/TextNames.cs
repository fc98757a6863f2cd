using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Signals;

/// <summary>
/// The strings of interned text codes for signal evidence, each made once: a text code's text
/// never changes, so a detector that names the same vendor error or alert in many signals
/// allocates its string only the first time.
/// </summary>
internal sealed class TextNames(TextCodeRegistry texts)
{
    private string?[] _names = new string?[64];

    /// <summary>The text of <paramref name="id"/>, or null for the empty text.</summary>
    public string? Of(ushort id) => id < _names.Length && _names[id] is { } name ? name : Make(id);

    private string? Make(ushort id)
    {
        var name = texts.TextOf(id);
        if (name is null)
        {
            return null;
        }

        if (id >= _names.Length)
        {
            Array.Resize(ref _names, Math.Max(_names.Length * 2, id + 1));
        }

        _names[id] = name;
        return name;
    }
}
