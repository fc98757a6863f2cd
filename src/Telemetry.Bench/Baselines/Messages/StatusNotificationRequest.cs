namespace Telemetry.Bench.Baselines.Messages;

/// <summary>StatusNotification.req: 1.6 (connectorId, status, errorCode) and 2.0.1 (evseId, connectorStatus) fields.</summary>
public sealed class StatusNotificationRequest
{
    public int ConnectorId { get; set; }

    public int? EvseId { get; set; }

    public string? Status { get; set; }

    public string? ConnectorStatus { get; set; }

    public string? ErrorCode { get; set; }

    public string? VendorErrorCode { get; set; }

    public string? Info { get; set; }

    public DateTimeOffset? Timestamp { get; set; }
}
