using System.Buffers;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Checkpoints;

/// <summary>
/// One partition's detector state as a single checkpoint: a header, the checksum of the
/// configuration it was taken under, the body's length and checksum, then the body: the id
/// table (<see cref="CheckpointIds"/>) and one section per piece of state, in the order the
/// caller gives (the same order on write and restore). A checkpoint of another format version,
/// another configuration, cut short, with a changed byte or trailing bytes is refused.
/// </summary>
public static class PartitionCheckpoint
{
    /// <summary>Version of the envelope; each section carries its own.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Bytes in front of the body: header, configuration checksum, body length, body checksum.</summary>
    public const int PreambleSize = CheckpointHeader.Size + sizeof(long) + sizeof(int) + sizeof(long);

    /// <summary>Writes <paramref name="parts"/> as one checkpoint to <paramref name="output"/>.</summary>
    /// <param name="configuration">Checksum of the detector configuration (see <see cref="CheckpointChecksum"/>); a restore under another is refused.</param>
    public static void Write(IBufferWriter<byte> output, long configuration, ChargerRegistry chargers, TextCodeRegistry texts, ReadOnlySpan<ICheckpointState> parts)
    {
        ArgumentNullException.ThrowIfNull(output);
        var ids = new CheckpointIds();
        var sections = new ArrayBufferWriter<byte>(4096);
        foreach (var part in parts)
        {
            part.WriteTo(new CheckpointWriter(sections), ids);
        }

        var body = new ArrayBufferWriter<byte>(sections.WrittenCount + 1024);
        ids.WriteTo(new CheckpointWriter(body), chargers, texts);
        body.Write(sections.WrittenSpan);

        var writer = new CheckpointWriter(output);
        writer.Header(CheckpointSection.Partition, FormatVersion);
        writer.Value(configuration);
        writer.Count(body.WrittenCount);
        writer.Value(CheckpointChecksum.Compute(body.WrittenSpan));
        output.Write(body.WrittenSpan);
    }

    /// <summary>Restores <paramref name="parts"/>, fresh instances built with the same options, from <paramref name="checkpoint"/>.</summary>
    /// <exception cref="InvalidDataException">The checkpoint is of another version or configuration, cut short, corrupt or longer than written.</exception>
    public static void Restore(ReadOnlySpan<byte> checkpoint, long configuration, ChargerRegistry chargers, TextCodeRegistry texts, ReadOnlySpan<ICheckpointState> parts)
    {
        var reader = new CheckpointReader(checkpoint);
        reader.Header(CheckpointSection.Partition, FormatVersion);
        var written = reader.Value();
        if (written != configuration)
        {
            throw new InvalidDataException("Checkpoint was taken under another detector configuration; its state does not apply to this one.");
        }

        var length = reader.Count();
        var checksum = reader.Value();
        var body = checkpoint[PreambleSize..];
        if (length != body.Length)
        {
            throw new InvalidDataException($"Checkpoint body is {body.Length} bytes, not the {length} written: it was cut short or is corrupt.");
        }

        if (CheckpointChecksum.Compute(body) != checksum)
        {
            throw new InvalidDataException("Checkpoint checksum does not match: its bytes were changed.");
        }

        reader = new CheckpointReader(body);
        var map = CheckpointIds.Read(ref reader, chargers, texts);
        foreach (var part in parts)
        {
            part.RestoreFrom(ref reader, map);
        }

        if (reader.Remaining != 0)
        {
            throw new InvalidDataException($"Checkpoint has {reader.Remaining} bytes after its last section.");
        }
    }
}
