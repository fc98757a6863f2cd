using Telemetry.Simulator.Capture;
using Telemetry.Simulator.Faults;
using Telemetry.Simulator.Fleet;
using Telemetry.Simulator.Inventory;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator;

/// <summary>
/// A seeded, deterministic fleet: the same options always give byte-identical capture, inventory
/// and truth. Construction validates the options and plans fleet and faults; the capture itself
/// is generated while it is written.
/// </summary>
public sealed class FleetSimulator
{
    public const string CaptureFileName = "capture.jsonl";
    public const string InventoryFileName = "inventory.csv";
    public const string TruthFileName = "truth.json";

    private const long DayMs = 86_400_000;

    private readonly SimulationOptions _options;
    private readonly ChargerProfile[] _chargers;
    private readonly PlannedFault[] _faults;
    private readonly ScheduledReset[] _resets;
    private readonly long _startMs;
    private readonly long _endMs;

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public FleetSimulator(SimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _startMs = options.Start.ToUnixTimeMilliseconds();
        _endMs = _startMs + (options.Days * DayMs);
        _chargers = FleetBuilder.Build(options);
        // The older kinds come first and keep their ids; the newer ones follow.
        var faults = FaultPlanner.Plan(options, _chargers, _startMs, _endMs);
        var (disruptions, resets) = DisruptionPlanner.Plan(options, _chargers, faults, _startMs, _endMs);
        _faults = [.. faults, .. disruptions];
        _resets = resets;
        Truth = BuildTruth();
    }

    public IReadOnlyList<ChargerProfile> Chargers => _chargers;

    public SimulationTruth Truth { get; }

    /// <summary>Writes capture.jsonl, inventory.csv and truth.json into <paramref name="directory"/>, creating it if needed.</summary>
    public static SimulationSummary WriteTo(SimulationOptions options, string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var simulator = new FleetSimulator(options);
        Directory.CreateDirectory(directory);
        var capturePath = Path.Combine(directory, CaptureFileName);
        var inventoryPath = Path.Combine(directory, InventoryFileName);
        var truthPath = Path.Combine(directory, TruthFileName);

        long records;
        using (var capture = CreateFile(capturePath))
        {
            records = simulator.WriteCapture(capture);
        }

        using (var inventory = CreateFile(inventoryPath))
        {
            simulator.WriteInventory(inventory);
        }

        using (var truth = CreateFile(truthPath))
        {
            simulator.WriteTruth(truth);
        }

        return new SimulationSummary(capturePath, inventoryPath, truthPath, records, simulator.Truth.Faults.Count);
    }

    /// <summary>Writes the tap stream (JSON Lines, DESIGN §2.1) in event-time order.</summary>
    /// <returns>The number of records written.</returns>
    public long WriteCapture(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return CaptureWriter.Write(_options, _chargers, _faults, _resets, _startMs, _endMs, destination);
    }

    /// <summary>Writes the inventory CSV (DESIGN §2.3) with a header line.</summary>
    public void WriteInventory(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        InventoryWriter.Write(_chargers, destination);
    }

    /// <summary>Writes truth.json: the injected faults and the planned resets.</summary>
    public void WriteTruth(Stream destination) => TruthFile.Write(Truth, destination);

    private static FileStream CreateFile(string path) =>
        new(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);

    private SimulationTruth BuildTruth()
    {
        var faults = new InjectedFault[_faults.Length];
        for (var i = 0; i < _faults.Length; i++)
        {
            var fault = _faults[i];
            var charger = _chargers[fault.Charger];
            faults[i] = new InjectedFault(
                "F-" + (i + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                fault.Kind,
                charger.Id,
                charger.Site,
                fault.Kind == FaultKind.ConnectorFaulted ? fault.Port : null,
                DateTimeOffset.FromUnixTimeMilliseconds(fault.StartMs),
                DateTimeOffset.FromUnixTimeMilliseconds(fault.EndMs),
                fault.Kind == FaultKind.CommsFlapping ? fault.Interruptions!.Length : null,
                fault.Kind == FaultKind.ResetLoop ? fault.Interruptions!.Length : null);
        }

        var resets = new PlannedReset[_resets.Length];
        for (var i = 0; i < _resets.Length; i++)
        {
            resets[i] = new PlannedReset(_chargers[_resets[i].Charger].Id, DateTimeOffset.FromUnixTimeMilliseconds(_resets[i].CallMs));
        }

        return new SimulationTruth(
            _options.Seed,
            DateTimeOffset.FromUnixTimeMilliseconds(_startMs),
            DateTimeOffset.FromUnixTimeMilliseconds(_endMs),
            _options.HeartbeatIntervalSeconds,
            _options.Chargers,
            _options.Sites,
            faults)
        {
            PlannedResets = resets,
        };
    }
}
