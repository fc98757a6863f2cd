using System.Globalization;
using Telemetry.Cli.Pipeline;

namespace Telemetry.Cli.Commands;

/// <summary>Shows a running replay on stderr: one rewritten line on a terminal, a line every few seconds otherwise.</summary>
internal sealed class ProgressPrinter
{
    private static readonly TimeSpan s_redirectedEvery = TimeSpan.FromSeconds(5);
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private TimeSpan _lastPrinted;

    public void Report(ReplayProgress progress)
    {
        if (!_interactive && progress.Elapsed - _lastPrinted < s_redirectedEvery)
        {
            return;
        }

        _lastPrinted = progress.Elapsed;
        var percent = progress.BytesTotal == 0 ? 100 : progress.BytesRead * 100.0 / progress.BytesTotal;
        var rate = progress.Processed / Math.Max(progress.Elapsed.TotalSeconds, 0.001);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"  read {percent,5:F1} %  ingested {progress.Ingested,11:N0}  rejected {progress.Rejected,7:N0}  detected {progress.Processed,11:N0}  ({rate:N0} events/s)");
        Console.Error.Write(_interactive ? "\r" + line : line + Environment.NewLine);
    }

    public void Done()
    {
        if (_interactive)
        {
            Console.Error.WriteLine();
        }
    }
}
