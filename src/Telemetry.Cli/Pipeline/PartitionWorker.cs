using Telemetry.Engine.Availability;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Uptime;
using Telemetry.Files.Rollups;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// The detector state of one partition of <c>telemetry.events</c>: its availability detector and
/// uptime ledger, and where its rollups go. Single-threaded; charger ids refer to the consumer's
/// registry, shared by the partitions that consumer reads.
/// </summary>
internal sealed class PartitionWorker : IAvailabilitySink, IDisposable
{
    private readonly RollupArrowWriter? _arrow;
    private readonly List<ConnectorRollup>? _databaseBatch;

    public PartitionWorker(int partition, ChargerRegistry chargers, AvailabilityOptions options, string? rollupDirectory, bool bufferForDatabase)
    {
        Partition = partition;
        Chargers = chargers;
        Detector = new AvailabilityDetector(Chargers, options, this);
        if (rollupDirectory is not null)
        {
            _arrow = new RollupArrowWriter(Path.Combine(rollupDirectory, $"connector_minute-p{partition:D3}.arrow"), Chargers);
        }

        _databaseBatch = bufferForDatabase ? [] : null;
    }

    public int Partition { get; }

    public ChargerRegistry Chargers { get; }

    public AvailabilityDetector Detector { get; }

    public UptimeLedger Uptime { get; } = new();

    public List<Signal> Signals { get; } = [];

    public List<Outage> Outages { get; } = [];

    public long Rollups { get; private set; }

    /// <summary>Rollups waiting to be written to the database, when one is configured.</summary>
    public List<ConnectorRollup>? DatabaseBatch => _databaseBatch;

    public void OnRollup(in ConnectorRollup rollup)
    {
        Rollups++;
        Uptime.Add(rollup);
        _arrow?.Add(rollup);
        _databaseBatch?.Add(rollup);
    }

    public void OnSignal(Signal signal) => Signals.Add(signal);

    public void OnOutage(Outage outage) => Outages.Add(outage);

    /// <summary>Ends the input for this partition and completes its rollup file.</summary>
    public void Finish(long endMs)
    {
        Detector.Finish(endMs);
        _arrow?.Complete();
    }

    public void Dispose() => _arrow?.Dispose();
}
