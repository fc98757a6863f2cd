using System.Globalization;

namespace Telemetry.Simulator.Fleet;

/// <summary>Builds the chargers of a fleet; each draws from its own seeded generator.</summary>
internal static class FleetBuilder
{
    public static ChargerProfile[] Build(SimulationOptions options)
    {
        var chargers = new ChargerProfile[options.Chargers];
        var startDay = DateOnly.FromDateTime(options.Start.UtcDateTime);
        for (var i = 0; i < chargers.Length; i++)
        {
            var random = new Random(SeedMixer.Derive(options.Seed, SeedStream.Hardware, i));
            var model = HardwareCatalogue.Models[random.Next(HardwareCatalogue.Models.Length)];
            var firmware = model.Firmware[random.Next(model.Firmware.Length)];
            var protocol = random.NextDouble() < options.Ocpp201Share ? ProtocolVersion.Ocpp201 : ProtocolVersion.Ocpp16;
            var commissioned = startDay.AddDays(-random.Next(30, 3 * 365));

            // Contiguous blocks keep a site's chargers numbered together, and every site gets one.
            var site = (int)((long)i * options.Sites / options.Chargers);
            chargers[i] = new ChargerProfile(
                i,
                ChargerId(i),
                SiteId(site),
                model.Vendor,
                model.Model,
                firmware,
                model.Ports,
                model.MaxPowerKw,
                protocol,
                commissioned);
        }

        return chargers;
    }

    public static string ChargerId(int index) => "CP-" + (index + 1).ToString("D6", CultureInfo.InvariantCulture);

    public static string SiteId(int index) => "SITE-" + (index + 1).ToString("D3", CultureInfo.InvariantCulture);
}
