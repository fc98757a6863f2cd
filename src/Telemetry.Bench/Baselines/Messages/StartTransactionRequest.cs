namespace Telemetry.Bench.Baselines.Messages;

/// <summary>1.6 StartTransaction.req.</summary>
public sealed class StartTransactionRequest
{
    public int ConnectorId { get; set; }

    public string? IdTag { get; set; }

    public long MeterStart { get; set; }

    public int? ReservationId { get; set; }

    public DateTimeOffset Timestamp { get; set; }
}
