using Telemetry.Engine.Windows;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Checkpoints;

/// <summary>
/// The charger ids and text codes a checkpoint refers to, gathered while its sections are
/// written. Ids are interned per process (and shared by a consumer's partitions), so a
/// checkpoint carries them as text and a restore maps them to its own registry's ids
/// (<see cref="CheckpointIdMap"/>).
/// </summary>
public sealed class CheckpointIds
{
    private const ushort Version = 1;

    private readonly ChargerSet _chargers = new();
    private readonly ChargerSet _texts = new();

    /// <summary>Notes that the checkpoint refers to <paramref name="charger"/>; returns it unchanged.</summary>
    public int Charger(int charger)
    {
        if (charger >= 0)
        {
            _chargers.Add(charger);
        }

        return charger;
    }

    /// <summary>Notes that the checkpoint refers to text <paramref name="code"/>; returns it unchanged.</summary>
    public ushort Text(ushort code)
    {
        if (code > TextCodeRegistry.Overflow)
        {
            _texts.Add(code);
        }

        return code;
    }

    /// <summary>Writes every id noted: saved id and name, then saved code and text.</summary>
    public void WriteTo(CheckpointWriter writer, ChargerRegistry chargers, TextCodeRegistry texts)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(texts);
        writer.Header(CheckpointSection.Ids, Version);
        writer.Count(CountOf(_chargers));
        for (var c = _chargers.NextFrom(0); c >= 0; c = _chargers.NextFrom(c + 1))
        {
            writer.Count(c);
            writer.Text(chargers.Utf8NameOf(c));
        }

        writer.Count(CountOf(_texts));
        for (var t = _texts.NextFrom(0); t >= 0; t = _texts.NextFrom(t + 1))
        {
            writer.Count(t);
            writer.Text(texts.Utf8TextOf((ushort)t));
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, interning every id in <paramref name="chargers"/> and <paramref name="texts"/>.</summary>
    public static CheckpointIdMap Read(ref CheckpointReader reader, ChargerRegistry chargers, TextCodeRegistry texts)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(texts);
        reader.Header(CheckpointSection.Ids, Version);
        var map = new CheckpointIdMap();
        var chargerCount = reader.Count(sizeof(int) * 2);
        for (var i = 0; i < chargerCount; i++)
        {
            var saved = reader.Count();
            var current = chargers.Intern(reader.Text());
            if (saved < 0 || current < 0)
            {
                throw new InvalidDataException("Checkpoint is corrupt: a charger id in it is not valid.");
            }

            map.AddCharger(saved, current);
        }

        var textCount = reader.Count(sizeof(int) * 2);
        for (var i = 0; i < textCount; i++)
        {
            var saved = reader.Count();
            var current = texts.Intern(reader.Text());
            if (saved <= TextCodeRegistry.Overflow || saved > ushort.MaxValue)
            {
                throw new InvalidDataException("Checkpoint is corrupt: a text code in it is not valid.");
            }

            map.AddText((ushort)saved, current);
        }

        return map;
    }

    private static int CountOf(ChargerSet set)
    {
        var n = 0;
        for (var c = set.NextFrom(0); c >= 0; c = set.NextFrom(c + 1))
        {
            n++;
        }

        return n;
    }
}
