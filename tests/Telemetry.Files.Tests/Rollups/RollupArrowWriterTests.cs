using Apache.Arrow;
using Apache.Arrow.Ipc;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Rollups;
using Telemetry.Files.Rollups;
using Telemetry.Ocpp.Events;

namespace Telemetry.Files.Tests.Rollups;

public sealed class RollupArrowWriterTests
{
    private const long FirstMinuteMs = 1_772_323_200_000;

    [Fact]
    public async Task Add_WritesActivityAndHealthColumns_ForEveryConnectorMinute()
    {
        using var file = new TempFile();
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-1".AsSpan());
        using (var writer = new RollupArrowWriter(file.Path, chargers, batchRows: 2))
        {
            for (var i = 0; i < 3; i++)
            {
                writer.Add(new ConnectorRollup(FirstMinuteMs + (i * 60_000), cp, 2, 30_000, 10_000, 4_000, 5_000, 15_000 + i, 1, 2, 3, 4, 500 + i, 7_000, 5, (byte)(90 - i)));
            }

            writer.Complete();
        }

        var rows = await ReadAsync(file.Path);
        Assert.Equal(3, rows.Count);
        Assert.Equal([15_000, 15_001, 15_002], rows.Select(r => ((Int32Array)r.Batch.Column("excluded_ms")).GetValue(r.Index)!.Value));
        Assert.Equal([90, 89, 88], rows.Select(r => (int)((UInt8Array)r.Batch.Column("health")).GetValue(r.Index)!.Value));
        Assert.All(rows, r => Assert.Equal(2, ((Int32Array)r.Batch.Column("sessions_started")).GetValue(r.Index)));
        Assert.All(rows, r => Assert.Equal(7_000, ((Int32Array)r.Batch.Column("peak_power_w")).GetValue(r.Index)));
    }

    [Fact]
    public async Task Add_WritesChargerCountersAndHealth_ForEveryChargerMinute()
    {
        using var file = new TempFile();
        var chargers = new ChargerRegistry();
        var cp = chargers.Intern("CP-9".AsSpan());
        using (var writer = new ChargerRollupArrowWriter(file.Path, chargers))
        {
            writer.Add(new ChargerMinute(FirstMinuteMs, cp, 60_000, 0, 0, 0, 0, 1, 2, 1, 0, 800, 11_000, 0, 1, 2, 3, 4, 85));
            writer.Complete();
        }

        var row = Assert.Single(await ReadAsync(file.Path));
        Assert.Equal("CP-9", ((StringArray)row.Batch.Column("cp")).GetString(row.Index));
        Assert.Equal(1, ((Int32Array)row.Batch.Column("boots_planned")).GetValue(row.Index));
        Assert.Equal(2, ((Int32Array)row.Batch.Column("boots_unplanned")).GetValue(row.Index));
        Assert.Equal(3, ((Int32Array)row.Batch.Column("disconnects")).GetValue(row.Index));
        Assert.Equal(4, ((Int32Array)row.Batch.Column("unanswered_calls")).GetValue(row.Index));
        Assert.Equal(800, ((Int32Array)row.Batch.Column("energy_wh")).GetValue(row.Index));
        Assert.Equal((byte)85, ((UInt8Array)row.Batch.Column("health")).GetValue(row.Index));
    }

    private static async Task<List<(RecordBatch Batch, int Index)>> ReadAsync(string path)
    {
        var rows = new List<(RecordBatch, int)>();
        await using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        while (await reader.ReadNextRecordBatchAsync() is { } batch)
        {
            for (var i = 0; i < batch.Length; i++)
            {
                rows.Add((batch, i));
            }
        }

        return rows;
    }
}
