using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tap;
using Telemetry.Ocpp.Tests.Support;
using Telemetry.Simulator;
using Telemetry.Testing;

namespace Telemetry.Ocpp.Tests.Tap;

/// <summary>
/// The zero-allocation budget of DESIGN §5, checked deterministically: after one warm-up pass over
/// a simulated capture (chargers interned, pending-call table and text codes filled), parsing
/// 100,000 more records allocates nothing on the parsing thread (the fewest bytes over the measured runs).
/// </summary>
public class TapRecordParserAllocationTests
{
    private const int MeasuredRecords = 100_000;

    [Fact]
    public void Parse_AllocatesNothing_Over100kRecordsAfterWarmUp()
    {
        var capture = SimulatedCapture();
        var parser = new TapRecordParser(new ChargerRegistry(), new PendingCalls(100_000, TimeSpan.FromMinutes(5)));
        var handler = new CountingHandler();
        ParseRecords(parser, capture, capture.Count, ref handler);
        var warmUpEvents = handler.Events;

        var allocated = AllocationMeter.FewestBytes(() => ParseRecords(parser, capture, MeasuredRecords, ref handler));

        Assert.Equal(0, allocated);
        Assert.Equal(0, handler.Rejected);
        // The measured records were really parsed: the capture is mostly frames that give events.
        Assert.True(handler.Events - warmUpEvents > AllocationMeter.DefaultRuns * MeasuredRecords / 2, $"{handler.Events - warmUpEvents} events");
    }

    private static List<byte[]> SimulatedCapture()
    {
        using var stream = new MemoryStream();
        new FleetSimulator(new SimulationOptions { Chargers = 40, Days = 1, Seed = 7 }).WriteCapture(stream);
        var records = new List<byte[]>();
        var bytes = stream.ToArray().AsSpan();
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            if (!line.IsEmpty)
            {
                records.Add(line.ToArray());
            }

            bytes = end < 0 ? [] : bytes[(end + 1)..];
        }

        return records;
    }

    private static void ParseRecords(TapRecordParser parser, List<byte[]> capture, int count, ref CountingHandler handler)
    {
        for (var i = 0; i < count; i++)
        {
            parser.Parse(capture[i % capture.Count], ref handler);
        }
    }
}
