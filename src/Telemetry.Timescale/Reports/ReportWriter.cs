using System.Text.Json;

namespace Telemetry.Timescale.Reports;

/// <summary>Writes a <see cref="ReportTable"/> as an aligned table, CSV or JSON.</summary>
public static class ReportWriter
{
    private const string ColumnGap = "  ";

    public static void Write(TextWriter writer, ReportTable table, ReportFormat format)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(table);
        switch (format)
        {
            case ReportFormat.Csv:
                WriteCsv(writer, table);
                break;
            case ReportFormat.Json:
                WriteJson(writer, table);
                break;
            default:
                WriteTable(writer, table);
                break;
        }
    }

    /// <exception cref="ArgumentException">Not one of table, csv, json.</exception>
    public static ReportFormat ParseFormat(string? text) => text?.ToUpperInvariant() switch
    {
        null or "" or "TABLE" => ReportFormat.Table,
        "CSV" => ReportFormat.Csv,
        "JSON" => ReportFormat.Json,
        _ => throw new ArgumentException($"--format: '{text}' is not one of table, csv, json."),
    };

    private static void WriteCsv(TextWriter writer, ReportTable table)
    {
        var names = new string[table.Columns.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = table.Columns[i].Name;
        }

        WriteCsvLine(writer, names);
        foreach (var row in table.Rows)
        {
            WriteCsvLine(writer, row);
        }
    }

    private static void WriteCsvLine(TextWriter writer, string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var cell = cells[i];
            // Station ids and session ids come from chargers: quote what CSV cannot carry bare.
            writer.Write(cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"");
        }

        writer.Write('\n');
    }

    private static void WriteTable(TextWriter writer, ReportTable table)
    {
        var widths = new int[table.Columns.Count];
        for (var i = 0; i < widths.Length; i++)
        {
            widths[i] = table.Columns[i].Name.Length;
        }

        foreach (var row in table.Rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var names = new string[widths.Length];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = table.Columns[i].Name;
        }

        WriteTableLine(writer, table, widths, names);
        foreach (var row in table.Rows)
        {
            WriteTableLine(writer, table, widths, row);
        }
    }

    private static void WriteTableLine(TextWriter writer, ReportTable table, int[] widths, string[] cells)
    {
        var line = new System.Text.StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append(ColumnGap);
            }

            // Numbers align right, so that their decimals line up.
            line.Append(table.Columns[i].Kind == ColumnKind.Number ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        writer.Write(line.ToString().TrimEnd());
        writer.Write('\n');
    }

    private static void WriteJson(TextWriter writer, ReportTable table)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in table.Rows)
            {
                json.WriteStartObject();
                for (var i = 0; i < row.Length; i++)
                {
                    var column = table.Columns[i];
                    if (row[i].Length == 0)
                    {
                        json.WriteNull(column.Name);
                        continue;
                    }

                    switch (column.Kind)
                    {
                        case ColumnKind.Number:
                            json.WritePropertyName(column.Name);
                            json.WriteRawValue(row[i]);
                            break;
                        case ColumnKind.Boolean:
                            json.WriteBoolean(column.Name, bool.Parse(row[i]));
                            break;
                        default:
                            json.WriteString(column.Name, row[i]);
                            break;
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        writer.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        writer.Write('\n');
    }
}
