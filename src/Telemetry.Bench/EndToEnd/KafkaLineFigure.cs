using Telemetry.Bench.Detect;

namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// One line of the Kafka race over its measured rounds: its rate, what the process spent
/// meanwhile (<see cref="ProcessCost"/>), and how often the hand-off made a side wait: the
/// consuming side for room (detection behind; how long in all) and the detecting side to be woken (detection ahead).
/// </summary>
public sealed record KafkaLineFigure(RateFigure Rate, ProcessCost Cost, long WriterWaits, TimeSpan WriterWaitTime, long ReaderWakeWaits)
{
    /// <summary>CPU time of the whole process per second of the line's wall time: the cores it kept busy.</summary>
    public double BusyCores => Cost.Cpu.TotalSeconds / Math.Max(Rate.Elapsed.TotalSeconds, 1e-9);

    /// <summary>
    /// CPU time of the whole process per event: what the line costs whatever share of the cores
    /// it got, the figure to compare on a machine other work keeps busy.
    /// </summary>
    public double CpuMicrosecondsPerEvent => Rate.Events == 0 ? 0 : Cost.Cpu.TotalMilliseconds * 1e3 / Rate.Events;

    /// <summary>Share of the line's wall time the runtime was paused for collections.</summary>
    public double GcPauseShare => Cost.GcPause.TotalSeconds / Math.Max(Rate.Elapsed.TotalSeconds, 1e-9);
}
