using System.IO.Pipelines;
using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Tests.Csv;

public partial class CsvCaptureReaderTests
{
    [Fact]
    public async Task ReadAsync_ImportsEveryRow_ForKwwhatSyntheticExport()
    {
        var path = SampleExport.Find();
        var expected = CountRows(await File.ReadAllLinesAsync(path));
        var run = new CsvRun();

        await using (var file = File.OpenRead(path))
        {
            await run.ReadAsync(PipeReader.Create(file, new StreamPipeReaderOptions(bufferSize: 4096)));
        }

        Assert.Empty(run.Log.Rejections);
        Assert.Equal(expected.Rows, run.Result.Records);
        Assert.Equal(new FileInfo(path).Length, run.Result.Bytes);
        // Every row is accounted for. Answers that report something (Authorize and StartTransaction
        // → AuthResult, RemoteStartTransaction → CommandResult) give an event; the other answers
        // (heartbeats, statuses, meter values, stops) give none. Every call in the export is answered.
        Assert.Equal(0, run.Parser.UnmatchedResults);
        Assert.Equal(expected.Results - expected.Authorizes - expected.StartTransactions - expected.RemoteStarts, run.Parser.RowsWithoutEvent);
        Assert.Equal(expected.Authorizes, run.Count(EventKind.AuthRequested));
        Assert.Equal(expected.Authorizes + expected.StartTransactions, run.Count(EventKind.AuthResult));
        Assert.Equal(expected.StartTransactions, run.Count(EventKind.SessionStarted));
        Assert.Equal(expected.StopTransactions, run.Count(EventKind.SessionStopped));
        Assert.Equal(expected.RemoteStarts, run.Count(EventKind.CommandResult));
        Assert.True(run.Count(EventKind.Meter) >= expected.MeterValues, "every MeterValues row gives at least one reading");
        Assert.Equal(expected.Heartbeats, run.Count(EventKind.Heartbeat));
        Assert.Equal(expected.Statuses, run.Count(EventKind.Status));
        Assert.True(expected.Faulted > 0, "the export is known to contain Faulted statuses");
        Assert.Equal(expected.Faulted, run.Log.Events.FindAll(e => e.Kind == EventKind.Status && e.Status == ConnectorStatus.Faulted).Count);
        Assert.Equal(expected.RemoteStarts, run.Count(EventKind.Command));
        // The CSMS sends the commands and answers the charger's Authorize and StartTransaction.
        Assert.All(run.Log.Events, e => Assert.Equal(e.Kind is EventKind.Command or EventKind.AuthResult ? EventOrigin.Csms : EventOrigin.Charger, e.Origin));
        Assert.Equal(2, run.Chargers.Count);
    }

    /// <summary>Counts the export's rows by kind with a plain split, independently of the reader.</summary>
    private static ExportCounts CountRows(string[] lines)
    {
        var header = lines[0].Split(',');
        var action = Array.IndexOf(header, "action");
        Assert.Equal("msg", header[^1]);
        var counts = new ExportCounts();
        foreach (var line in lines.AsSpan(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            // msg is the last column, so a split limited to the header's width leaves it whole.
            var fields = line.Split(',', header.Length);
            var message = fields[^1];
            counts.Rows++;
            counts.Calls += fields[action].Length > 0 ? 1 : 0;
            counts.Results += message.StartsWith("\"[3,", StringComparison.Ordinal) ? 1 : 0;
            counts.Errors += message.StartsWith("\"[4,", StringComparison.Ordinal) ? 1 : 0;
            counts.Heartbeats += fields[action] == "Heartbeat" ? 1 : 0;
            counts.RemoteStarts += fields[action] == "RemoteStartTransaction" ? 1 : 0;
            counts.Authorizes += fields[action] == "Authorize" ? 1 : 0;
            counts.StartTransactions += fields[action] == "StartTransaction" ? 1 : 0;
            counts.StopTransactions += fields[action] == "StopTransaction" ? 1 : 0;
            counts.MeterValues += fields[action] == "MeterValues" ? 1 : 0;
            if (fields[action] == "StatusNotification")
            {
                counts.Statuses++;
                counts.Faulted += message.Contains("\"\"Faulted\"\"", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        return counts;
    }

    private sealed class ExportCounts
    {
        public int Rows { get; set; }

        public int Calls { get; set; }

        public int Results { get; set; }

        public int Errors { get; set; }

        public int Heartbeats { get; set; }

        public int Statuses { get; set; }

        public int Faulted { get; set; }

        public int RemoteStarts { get; set; }

        public int Authorizes { get; set; }

        public int StartTransactions { get; set; }

        public int StopTransactions { get; set; }

        public int MeterValues { get; set; }
    }
}
