using System.Buffers;
using System.Text.Json;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Fleet;

namespace Telemetry.Simulator.Capture;

/// <summary>
/// Merges the per-charger record streams into one capture in event-time order; equal times are
/// ordered by charger index, and a charger's own records keep their order. Each charger has one
/// record in the merge queue at a time, so memory grows with the fleet, not with the days.
/// </summary>
internal static class CaptureWriter
{
    private const int FlushThreshold = 64 * 1024;
    private const byte NewLine = (byte)'\n';

    /// <returns>The number of records written.</returns>
    public static long Write(
        SimulationOptions options, ChargerProfile[] chargers, PlannedFault[] faults, ScheduledReset[] resets,
        long startMs, long endMs, Stream destination)
    {
        var byCharger = GroupByCharger(faults, chargers.Length);
        var resetsByCharger = GroupResetsByCharger(resets, chargers.Length);
        var traffic = new ChargerTraffic[chargers.Length];
        var heads = new CaptureRecord[chargers.Length];
        var queue = new PriorityQueue<int, (long TimeMs, int Charger)>(chargers.Length);
        for (var i = 0; i < chargers.Length; i++)
        {
            traffic[i] = new ChargerTraffic(chargers[i], options, byCharger[i], resetsByCharger[i], startMs, endMs);
            if (traffic[i].TryNext(out heads[i]))
            {
                queue.Enqueue(i, (heads[i].TimeMs, i));
            }
        }

        var buffer = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        using var writer = new Utf8JsonWriter(buffer);
        long records = 0;
        while (queue.TryDequeue(out var index, out _))
        {
            var charger = traffic[index];
            CaptureRecordWriter.Write(writer, heads[index], charger.Charger, charger.EncodedId, options.HeartbeatIntervalSeconds);
            writer.Flush();
            writer.Reset();
            buffer.GetSpan(1)[0] = NewLine;
            buffer.Advance(1);
            records++;
            if (buffer.WrittenCount >= FlushThreshold)
            {
                destination.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }

            if (charger.TryNext(out heads[index]))
            {
                queue.Enqueue(index, (heads[index].TimeMs, index));
            }
        }

        destination.Write(buffer.WrittenSpan);
        destination.Flush();
        return records;
    }

    /// <summary>Each charger's faults sorted by start (faults of one charger never share a start).</summary>
    private static PlannedFault[][] GroupByCharger(PlannedFault[] faults, int chargers)
    {
        var lists = new List<PlannedFault>?[chargers];
        foreach (var fault in faults)
        {
            (lists[fault.Charger] ??= []).Add(fault);
        }

        var result = new PlannedFault[chargers][];
        for (var i = 0; i < chargers; i++)
        {
            lists[i]?.Sort(static (a, b) => a.StartMs.CompareTo(b.StartMs));
            result[i] = lists[i] is { } list ? [.. list] : [];
        }

        return result;
    }

    private static ScheduledReset[][] GroupResetsByCharger(ScheduledReset[] resets, int chargers)
    {
        var lists = new List<ScheduledReset>?[chargers];
        foreach (var reset in resets)
        {
            (lists[reset.Charger] ??= []).Add(reset);
        }

        var result = new ScheduledReset[chargers][];
        for (var i = 0; i < chargers; i++)
        {
            result[i] = lists[i] is { } list ? [.. list] : [];
        }

        return result;
    }
}
