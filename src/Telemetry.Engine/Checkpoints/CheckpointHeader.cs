using System.Buffers;
using System.Buffers.Binary;

namespace Telemetry.Engine.Checkpoints;

/// <summary>
/// The header in front of every piece of detector state in a checkpoint: a magic number, what
/// the state belongs to and its format version, so that a restore refuses bytes that are not
/// this piece's, or that an older or newer build wrote, instead of misreading them.
/// Integers are little-endian; flat arrays of structs are written as their memory, so a
/// checkpoint is read back by the same build on a little-endian machine.
/// </summary>
public static class CheckpointHeader
{
    /// <summary>"TLCK" as a little-endian integer.</summary>
    public const uint Magic = 0x4B434C54;

    /// <summary>Bytes the header takes: magic, section, version.</summary>
    public const int Size = sizeof(uint) + sizeof(ushort) + sizeof(ushort);

    public static void Write(IBufferWriter<byte> writer, CheckpointSection section, ushort version)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(Size);
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(span[sizeof(uint)..], (ushort)section);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(sizeof(uint) + sizeof(ushort))..], version);
        writer.Advance(Size);
    }

    /// <summary>Reads the header off <paramref name="data"/>, refusing another section or version.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a checkpoint of <paramref name="section"/> in <paramref name="version"/>.</exception>
    public static void Read(ref ReadOnlySpan<byte> data, CheckpointSection section, ushort version)
    {
        if (data.Length < Size || BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic)
        {
            throw new InvalidDataException($"Not a checkpoint of {section}: the header is missing or corrupt.");
        }

        var found = (CheckpointSection)BinaryPrimitives.ReadUInt16LittleEndian(data[sizeof(uint)..]);
        if (found != section)
        {
            throw new InvalidDataException($"Checkpoint holds {found}, not {section}.");
        }

        var foundVersion = BinaryPrimitives.ReadUInt16LittleEndian(data[(sizeof(uint) + sizeof(ushort))..]);
        if (foundVersion != version)
        {
            throw new InvalidDataException($"Checkpoint of {section} has format version {foundVersion}; this build reads version {version} only.");
        }

        data = data[Size..];
    }
}
