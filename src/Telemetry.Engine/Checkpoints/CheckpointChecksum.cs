using System.Runtime.InteropServices;

namespace Telemetry.Engine.Checkpoints;

/// <summary>
/// A 64-bit checksum of a checkpoint's bytes, eight at a time: each step xors in a word and
/// multiplies by an odd constant, a bijection of the running value, so any single changed word
/// (a flipped byte) changes the result. It guards against corruption, not against tampering.
/// </summary>
public static class CheckpointChecksum
{
    private const ulong Seed = 0xCBF29CE484222325;
    private const ulong Prime = 0x100000001B3;

    public static long Compute(ReadOnlySpan<byte> data)
    {
        var hash = Seed;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (var word in words)
        {
            hash = (hash ^ word) * Prime;
        }

        foreach (var b in data[(words.Length * sizeof(ulong))..])
        {
            hash = (hash ^ b) * Prime;
        }

        return (long)((hash ^ (ulong)data.Length) * Prime);
    }
}
