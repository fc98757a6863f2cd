using System.Text.Json;
using Telemetry.Timescale.Reports;

namespace Telemetry.Timescale.Tests.Reports;

public sealed class ReportWriterTests
{
    [Fact]
    public void Write_QuotesCsvFields_ThatHoldCommasOrQuotes()
    {
        var text = Write(ReportFormat.Csv);

        Assert.Equal("station_id,port_id,ok\nCP-1,1,true\n\"CP,\"\"2\"\"\",12,\n", text);
    }

    [Fact]
    public void Write_GivesNumbersBooleansAndNulls_AsJsonValues()
    {
        using var json = JsonDocument.Parse(Write(ReportFormat.Json));

        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("CP-1", rows[0].GetProperty("station_id").GetString());
        Assert.Equal(1, rows[0].GetProperty("port_id").GetInt32());
        Assert.True(rows[0].GetProperty("ok").GetBoolean());
        Assert.Equal("CP,\"2\"", rows[1].GetProperty("station_id").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("ok").ValueKind);
    }

    [Fact]
    public void Write_AlignsTableColumns_NumbersToTheRight()
    {
        var lines = Write(ReportFormat.Table).Split('\n');

        Assert.Equal("station_id  port_id  ok", lines[0]);
        Assert.Equal("CP-1              1  true", lines[1]);
        Assert.Equal("CP,\"2\"           12", lines[2]);
    }

    [Theory]
    [InlineData(null, ReportFormat.Table)]
    [InlineData("csv", ReportFormat.Csv)]
    [InlineData("JSON", ReportFormat.Json)]
    public void ParseFormat_AcceptsTheThreeForms(string? text, ReportFormat expected) => Assert.Equal(expected, ReportWriter.ParseFormat(text));

    [Fact]
    public void ParseFormat_Refuses_AnUnknownForm() => Assert.Throws<ArgumentException>(() => ReportWriter.ParseFormat("xml"));

    private static string Write(ReportFormat format)
    {
        var table = new ReportTable(new("station_id"), new("port_id", ColumnKind.Number), new("ok", ColumnKind.Boolean));
        table.Add("CP-1", "1", "true");
        table.Add("CP,\"2\"", "12", "");
        using var writer = new StringWriter();
        ReportWriter.Write(writer, table, format);
        return writer.ToString();
    }
}
