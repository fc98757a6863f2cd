namespace Telemetry.Simulator.Fleet;

/// <summary>
/// Derives independent, reproducible seeds from the simulation seed, so each charger and each
/// concern (hardware, traffic, faults) draws from its own generator: changing how many numbers
/// one of them draws leaves all the others untouched. HashCode.Combine is not usable here, as it
/// is randomised per process.
/// </summary>
internal static class SeedMixer
{
    public static int Derive(int seed, SeedStream stream, int index)
    {
        var x = Finalize(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) + (ulong)stream);
        x = Finalize(x + ((ulong)(uint)index * 0xBF58476D1CE4E5B9UL) + 1);
        return (int)(x >> 33);
    }

    // SplitMix64 finaliser: every input bit affects every output bit.
    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
