using System.Globalization;
using SharpFuzz;
using Telemetry.Fuzz;

// With no arguments the process is a libFuzzer target (run under libfuzzer-dotnet, see fuzz/README.md);
// with --iterations it mutates seed records in process and needs nothing else.
if (args.Length == 0)
{
    var counts = new FuzzCounts();
    Fuzzer.LibFuzzer.Run(input =>
    {
        var failure = TapTarget.Check(input, counts);
        if (failure is not null)
        {
            throw new InvalidOperationException(failure);
        }
    });
    return 0;
}

long iterations = 1_000_000;
var seed = 1;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--iterations" when i + 1 < args.Length:
            iterations = long.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--seed" when i + 1 < args.Length:
            seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine("usage: Telemetry.Fuzz                       (libFuzzer target)");
            Console.Error.WriteLine("       Telemetry.Fuzz --iterations N [--seed S]  (in-process mutation mode)");
            return 2;
    }
}

return MutationLoop.Run(iterations, seed, Console.Out);
