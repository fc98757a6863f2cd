namespace Telemetry.Bench.Baselines.Messages;

/// <summary>1.6 StopTransaction.req (transactionData left out: the simulator does not send it).</summary>
public sealed class StopTransactionRequest
{
    public int TransactionId { get; set; }

    public string? IdTag { get; set; }

    public long MeterStop { get; set; }

    public string? Reason { get; set; }

    public DateTimeOffset Timestamp { get; set; }
}
