using System.Diagnostics;
using System.Text;
using Telemetry.Ocpp.Tests.Fuzz;

namespace Telemetry.Fuzz;

/// <summary>
/// The in-process mode: mutated streams of one to four seed records, checked by
/// <see cref="TapTarget"/>, with no libFuzzer. Deterministic for a seed, so a failure is
/// reproduced by its input number; the failing input is written to a file.
/// </summary>
internal static class MutationLoop
{
    public static int Run(long iterations, int seed, TextWriter output)
    {
        var seeds = Array.ConvertAll(SeedRecords.Records, Encoding.UTF8.GetBytes);
        var random = new Random(seed);
        var mutator = new Mutator(random);
        var counts = new FuzzCounts();
        var clock = Stopwatch.StartNew();
        for (long i = 0; i < iterations; i++)
        {
            var input = BuildInput(random, mutator, seeds);
            var failure = TapTarget.Check(input, counts);
            if (failure is not null)
            {
                var path = Path.GetFullPath($"fuzz-failure-{seed}-{i}.bin");
                File.WriteAllBytes(path, input);
                output.WriteLine($"input {i:N0} (seed {seed}): {failure}; written to {path}");
                return 1;
            }
        }

        output.WriteLine($"{counts} in {clock.Elapsed.TotalSeconds:F1} s");
        if (!counts.Balances)
        {
            output.WriteLine("the counts do not balance");
            return 1;
        }

        return 0;
    }

    private static byte[] BuildInput(Random random, Mutator mutator, byte[][] seeds)
    {
        var stream = new List<byte>();
        var records = 1 + random.Next(4);
        for (var r = 0; r < records; r++)
        {
            var record = seeds[random.Next(seeds.Length)];
            stream.AddRange(random.Next(4) == 0 ? record : mutator.Mutate(record, seeds[random.Next(seeds.Length)]));
            if (r < records - 1 || random.Next(2) == 0)
            {
                stream.Add((byte)'\n');
            }
        }

        return [.. stream];
    }
}
