using System.Runtime.CompilerServices;

namespace Telemetry.Engine.Signals;

/// <summary>
/// The names of an enum's values as <see cref="Enum.ToString()"/> gives them, made once: evidence
/// names statuses and error codes in every signal, and the cached string costs no boxing or
/// allocation per signal. A value without a name of its own falls back to <see cref="Enum.ToString()"/>.
/// </summary>
internal static class EnumText<TEnum>
    where TEnum : struct, Enum
{
    // Enums of the engine's events are small and dense: their names fit a short array.
    private const int MaxIndex = 1024;

    private static readonly string?[] s_names = Build();

    public static string Of(TEnum value)
    {
        var index = IndexOf(value);
        return (uint)index < (uint)s_names.Length && s_names[index] is { } name ? name : value.ToString();
    }

    private static string?[] Build()
    {
        var values = Enum.GetValues<TEnum>();
        var length = 0;
        foreach (var value in values)
        {
            var index = IndexOf(value);
            if (index is >= 0 and < MaxIndex)
            {
                length = Math.Max(length, index + 1);
            }
        }

        var names = new string?[length];
        foreach (var value in values)
        {
            var index = IndexOf(value);
            if (index is >= 0 and < MaxIndex)
            {
                names[index] = value.ToString();
            }
        }

        return names;
    }

    private static int IndexOf(TEnum value) => Unsafe.SizeOf<TEnum>() switch
    {
        sizeof(byte) => Unsafe.As<TEnum, byte>(ref value),
        sizeof(ushort) => Unsafe.As<TEnum, ushort>(ref value),
        sizeof(int) => Unsafe.As<TEnum, int>(ref value),
        _ => -1,
    };
}
