namespace Telemetry.Bench.Baselines.Messages;

/// <summary>2.0.1 ChargingStationType.</summary>
public sealed class ChargingStation
{
    public string? Model { get; set; }

    public string? VendorName { get; set; }

    public string? SerialNumber { get; set; }

    public string? FirmwareVersion { get; set; }
}
