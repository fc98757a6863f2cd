using System.Globalization;
using Telemetry.Engine.Inventory;

namespace Telemetry.Files.Inventory;

/// <summary>
/// Reads the inventory CSV of DESIGN §2.3: <c>cp,site[,vendor,model,firmware,connectors,commissioned,decommissioned,rated_kw]</c>,
/// with a header line naming the columns. Values contain no commas; empty optional values are null.
/// <c>rated_kw</c> is the nameplate output power the derating detector judges delivered power against.
/// </summary>
public static class InventoryCsvReader
{
    public static FleetInventory Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    public static FleetInventory Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine() ?? throw new FormatException($"{source}: empty inventory, expected a header line 'cp,site,...'.");
        var columns = header.Split(',', StringSplitOptions.TrimEntries);
        var cp = Array.IndexOf(columns, "cp");
        var site = Array.IndexOf(columns, "site");
        if (cp < 0 || site < 0)
        {
            throw new FormatException($"{source}: the header must name the columns 'cp' and 'site'; it is '{header}'.");
        }

        var chargers = new List<ChargerInfo>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var values = line.Split(',', StringSplitOptions.TrimEntries);
            if (values.Length != columns.Length)
            {
                throw new FormatException($"{source}:{lineNumber}: {values.Length} values, the header has {columns.Length}.");
            }

            string? Optional(string name)
            {
                var i = Array.IndexOf(columns, name);
                return i >= 0 && values[i].Length > 0 ? values[i] : null;
            }

            chargers.Add(new ChargerInfo(
                values[cp],
                values[site],
                Optional("vendor"),
                Optional("model"),
                Optional("firmware"),
                Optional("connectors") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : null,
                Optional("commissioned") is { } from ? DateTimeOffset.Parse(from, CultureInfo.InvariantCulture) : null,
                Optional("decommissioned") is { } to ? DateTimeOffset.Parse(to, CultureInfo.InvariantCulture) : null,
                Optional("rated_kw") is { } kw ? RatedKw(kw, source, lineNumber) : null));
        }

        return new FleetInventory(chargers);
    }

    private static double RatedKw(string text, string source, int lineNumber) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var kw) && double.IsFinite(kw) && kw > 0
            ? kw
            : throw new FormatException($"{source}:{lineNumber}: rated_kw '{text}' is not a positive number of kilowatts.");
}
