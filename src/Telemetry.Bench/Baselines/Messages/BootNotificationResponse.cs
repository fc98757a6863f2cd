namespace Telemetry.Bench.Baselines.Messages;

/// <summary>BootNotification.conf (1.6) / BootNotificationResponse (2.0.1).</summary>
public sealed class BootNotificationResponse
{
    public DateTimeOffset CurrentTime { get; set; }

    public int Interval { get; set; }

    public string? Status { get; set; }
}
