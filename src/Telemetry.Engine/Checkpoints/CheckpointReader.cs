using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Telemetry.Engine.Checkpoints;

/// <summary>Reads what <see cref="CheckpointWriter"/> wrote, refusing a checkpoint that ends early.</summary>
public ref struct CheckpointReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _data = data;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length;

    public void Header(CheckpointSection section, ushort version) => CheckpointHeader.Read(ref _data, section, version);

    public long Value() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));

    public int Count() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    /// <summary>Fills <paramref name="destination"/> with the memory of as many structs.</summary>
    public void Structs<T>(Span<T> destination)
        where T : unmanaged => Take(MemoryMarshal.AsBytes(destination).Length).CopyTo(MemoryMarshal.AsBytes(destination));

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length < 0 || _data.Length < length)
        {
            throw new InvalidDataException("Checkpoint ends early: it was cut short or is corrupt.");
        }

        var taken = _data[..length];
        _data = _data[length..];
        return taken;
    }
}
