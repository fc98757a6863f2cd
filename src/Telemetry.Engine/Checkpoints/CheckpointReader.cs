using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

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
        where T : struct => Take(MemoryMarshal.AsBytes(destination).Length).CopyTo(MemoryMarshal.AsBytes(destination));

    /// <summary>Reads the memory of one struct.</summary>
    public T Struct<T>()
        where T : struct
        => MemoryMarshal.Read<T>(Take(Unsafe.SizeOf<T>()));

    /// <summary>Reads what <see cref="CheckpointWriter.Text"/> wrote.</summary>
    public ReadOnlySpan<byte> Text() => Take(Count());

    /// <summary>Reads what <see cref="CheckpointWriter.Text(string)"/> wrote.</summary>
    public string TextAsString() => Encoding.UTF8.GetString(Text());

    /// <summary>A count that cannot exceed what is left to read: a corrupt count is refused before anything is sized by it.</summary>
    public int Count(int bytesEach)
    {
        var count = Count();
        if (count < 0 || (long)count * bytesEach > _data.Length)
        {
            throw new InvalidDataException($"Checkpoint is corrupt: it claims {count} items, more than it holds.");
        }

        return count;
    }

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
