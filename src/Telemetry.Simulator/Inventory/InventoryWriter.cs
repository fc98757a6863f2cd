using System.Globalization;
using System.Text;
using Telemetry.Simulator.Fleet;

namespace Telemetry.Simulator.Inventory;

/// <summary>
/// Writes inventory.csv as DESIGN §2.3 reads it:
/// <c>cp,site,vendor,model,firmware,connectors,commissioned,decommissioned,rated_kw</c>, one row per charger.
/// No field needs quoting: ids and catalogue names contain no commas or quotes.
/// </summary>
internal static class InventoryWriter
{
    public const string Header = "cp,site,vendor,model,firmware,connectors,commissioned,decommissioned,rated_kw";

    public static void Write(IReadOnlyList<ChargerProfile> chargers, Stream destination)
    {
        using var writer = new StreamWriter(destination, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(Header);
        foreach (var charger in chargers)
        {
            writer.Write(charger.Id);
            writer.Write(',');
            writer.Write(charger.Site);
            writer.Write(',');
            writer.Write(charger.Vendor);
            writer.Write(',');
            writer.Write(charger.Model);
            writer.Write(',');
            writer.Write(charger.Firmware);
            writer.Write(',');
            writer.Write(charger.Ports.ToString(CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(charger.Commissioned.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            // Simulated chargers are all in service: decommissioned stays empty.
            writer.Write(",,");
            writer.WriteLine(charger.MaxPowerKw.ToString(CultureInfo.InvariantCulture));
        }
    }
}
