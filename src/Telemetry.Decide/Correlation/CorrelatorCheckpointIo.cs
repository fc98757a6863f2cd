using Telemetry.Engine.Checkpoints;

namespace Telemetry.Decide.Correlation;

/// <summary>
/// The correlator's state holds optional values, flags and collections that the detectors' flat
/// state does not: written here with a presence flag or a count, read back with the same refusals as the
/// rest of a checkpoint (a count beyond what is left, a flag that is neither 0 nor 1).
/// </summary>
internal static class CorrelatorCheckpointIo
{
    private const int Absent = 0;
    private const int Present = 1;

    public static void OptionalString(this CheckpointWriter writer, string? value)
    {
        writer.Count(value is null ? Absent : Present);
        if (value is not null)
        {
            writer.Text(value);
        }
    }

    public static string? OptionalString(this ref CheckpointReader reader) => reader.Flag() ? reader.TextAsString() : null;

    public static void OptionalValue(this CheckpointWriter writer, long? value)
    {
        writer.Count(value is null ? Absent : Present);
        if (value is { } v)
        {
            writer.Value(v);
        }
    }

    public static long? OptionalValue(this ref CheckpointReader reader) => reader.Flag() ? reader.Value() : null;

    public static void Flag(this CheckpointWriter writer, bool value) => writer.Count(value ? Present : Absent);

    public static bool Flag(this ref CheckpointReader reader) => reader.Count() switch
    {
        Absent => false,
        Present => true,
        var other => throw new InvalidDataException($"Checkpoint is corrupt: {other} is not a flag."),
    };

    /// <summary>An optional flag: absent, false or true.</summary>
    public static void OptionalFlag(this CheckpointWriter writer, bool? value) => writer.Count(value switch { null => -1, true => Present, false => Absent });

    public static bool? OptionalFlag(this ref CheckpointReader reader) => reader.Count() switch
    {
        -1 => null,
        Absent => false,
        Present => true,
        var other => throw new InvalidDataException($"Checkpoint is corrupt: {other} is not an optional flag."),
    };

    /// <summary>An enum stored as a byte; refused when the value read is not one of <typeparamref name="T"/>'s.</summary>
    public static void Enum<T>(this CheckpointWriter writer, T value)
        where T : struct, Enum => writer.Count(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));

    public static T Enum<T>(this ref CheckpointReader reader)
        where T : struct, Enum
    {
        var raw = reader.Count();
        if (raw is < byte.MinValue or > byte.MaxValue)
        {
            throw new InvalidDataException($"Checkpoint is corrupt: {raw} is not a {typeof(T).Name}.");
        }

        var value = (T)System.Enum.ToObject(typeof(T), raw);
        return System.Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException($"Checkpoint is corrupt: {raw} is not a {typeof(T).Name}.");
    }

    public static void OptionalEnum<T>(this CheckpointWriter writer, T? value)
        where T : struct, Enum
    {
        writer.Flag(value is not null);
        if (value is { } v)
        {
            writer.Enum(v);
        }
    }

    public static T? OptionalEnum<T>(this ref CheckpointReader reader)
        where T : struct, Enum => reader.Flag() ? reader.Enum<T>() : null;

    public static void Times(this CheckpointWriter writer, List<long> times)
    {
        writer.Count(times.Count);
        foreach (var t in times)
        {
            writer.Value(t);
        }
    }

    public static void ReadTimes(this ref CheckpointReader reader, List<long> into)
    {
        var count = reader.Count(sizeof(long));
        for (var i = 0; i < count; i++)
        {
            into.Add(reader.Value());
        }
    }

    public static void Ints(this CheckpointWriter writer, IReadOnlyCollection<int> values)
    {
        writer.Count(values.Count);
        foreach (var v in values)
        {
            writer.Count(v);
        }
    }

    public static void ReadInts(this ref CheckpointReader reader, ICollection<int> into)
    {
        var count = reader.Count(sizeof(int));
        for (var i = 0; i < count; i++)
        {
            into.Add(reader.Count());
        }
    }

    public static void Strings(this CheckpointWriter writer, IReadOnlyCollection<string> values)
    {
        writer.Count(values.Count);
        foreach (var v in values)
        {
            writer.Text(v);
        }
    }

    public static void ReadStrings(this ref CheckpointReader reader, ICollection<string> into)
    {
        var count = reader.Count(sizeof(int));
        for (var i = 0; i < count; i++)
        {
            into.Add(reader.TextAsString());
        }
    }
}
