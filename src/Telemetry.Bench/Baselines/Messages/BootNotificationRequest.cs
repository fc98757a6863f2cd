namespace Telemetry.Bench.Baselines.Messages;

/// <summary>BootNotification.req: the flat 1.6 fields and the nested 2.0.1 ones, as a CSMS serving both would model it.</summary>
public sealed class BootNotificationRequest
{
    public string? ChargePointVendor { get; set; }

    public string? ChargePointModel { get; set; }

    public string? ChargePointSerialNumber { get; set; }

    public string? FirmwareVersion { get; set; }

    public string? Reason { get; set; }

    public ChargingStation? ChargingStation { get; set; }
}
