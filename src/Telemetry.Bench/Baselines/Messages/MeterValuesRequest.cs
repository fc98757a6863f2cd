namespace Telemetry.Bench.Baselines.Messages;

/// <summary>1.6 MeterValues.req.</summary>
public sealed class MeterValuesRequest
{
    public int ConnectorId { get; set; }

    public int? TransactionId { get; set; }

    public IReadOnlyList<MeterValue>? MeterValue { get; set; }
}
