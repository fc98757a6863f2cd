using Telemetry.Engine.Availability;
using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Tests.Availability;

/// <summary>
/// Keeps everything the detector concludes in one list, in the order it arrives; it takes
/// rollups in bulk through <see cref="IAvailabilitySink.OnRollups"/> and counts the calls.
/// </summary>
internal sealed class OrderLogSink : IAvailabilitySink
{
    public List<object> Log { get; } = [];

    public int RollupCount { get; private set; }

    public int BatchCalls { get; private set; }

    public int LargestBatch { get; private set; }

    public void OnRollup(in ConnectorRollup rollup)
    {
        Log.Add(rollup);
        RollupCount++;
    }

    public void OnRollups(ReadOnlySpan<ConnectorRollup> rollups)
    {
        BatchCalls++;
        LargestBatch = Math.Max(LargestBatch, rollups.Length);
        foreach (ref readonly var rollup in rollups)
        {
            Log.Add(rollup);
        }

        RollupCount += rollups.Length;
    }

    public void OnSignal(Signal signal) => Log.Add(signal);

    public void OnOutage(Outage outage) => Log.Add(outage);
}
