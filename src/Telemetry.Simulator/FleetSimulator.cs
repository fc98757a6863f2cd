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
    private readonly LibraryFault[] _library;
    private readonly PlannedFault[] _parts;
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
        (_library, _parts) = options.UsesLibrary
            ? LibraryPlanner.Plan(options, _chargers, _faults, resets, _startMs, _endMs)
            : ([], []);
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
        return CaptureWriter.Write(_options, _chargers, [.. _faults, .. _parts], _resets, _startMs, _endMs, destination);
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
        var faults = new InjectedFault[_faults.Length + _library.Length];
        for (var i = 0; i < _faults.Length; i++)
        {
            var fault = _faults[i];
            var charger = _chargers[fault.Charger];
            var injected = new InjectedFault(
                FaultId(i),
                fault.Kind,
                charger.Id,
                charger.Site,
                fault.Kind == FaultKind.ConnectorFaulted ? fault.Port : null,
                DateTimeOffset.FromUnixTimeMilliseconds(fault.StartMs),
                DateTimeOffset.FromUnixTimeMilliseconds(fault.EndMs),
                fault.Kind == FaultKind.CommsFlapping ? fault.Interruptions!.Length : null,
                fault.Kind == FaultKind.ResetLoop ? fault.Interruptions!.Length : null);
            var down = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var port = 1; port <= charger.Ports && fault.Kind is FaultKind.Offline or FaultKind.ConnectorFaulted; port++)
            {
                if (fault.Kind == FaultKind.Offline || port == fault.Port)
                {
                    down[InjectedFault.PortKey(charger.Id, port)] = injected.Minutes;
                }
            }

            faults[i] = WithSignals(injected with { PortsOutageMinutes = down });
        }

        var exclusions = new List<Exclusion>();
        for (var i = 0; i < _library.Length; i++)
        {
            var fault = _library[i];
            var first = _chargers[fault.Members[0]];
            var scope = FaultLibrary.Scope(fault.Kind);
            var down = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (charger, port, downMs) in fault.Downtime)
            {
                down[InjectedFault.PortKey(_chargers[charger].Id, port)] = Math.Round(downMs / 60_000.0, 3);
            }

            var injected = new InjectedFault(
                FaultId(_faults.Length + i),
                fault.Kind,
                first.Id,
                first.Site,
                fault.Port == 0 ? null : fault.Port,
                DateTimeOffset.FromUnixTimeMilliseconds(fault.StartMs),
                DateTimeOffset.FromUnixTimeMilliseconds(fault.EndMs))
            {
                Chargers = scope is FaultScope.Site or FaultScope.Fleet ? [.. fault.Members.Select(m => _chargers[m].Id)] : [],
                PortsOutageMinutes = down,
                ErrorCode = fault.ErrorCode,
                ExpectedIncident = FaultLibrary.ExpectedIncident(fault.Kind, fault.ErrorCode, fault.CodeUnreported),
            };
            faults[_faults.Length + i] = WithSignals(injected);
            if (fault.Excluded)
            {
                exclusions.Add(new Exclusion(first.Id, fault.Port, injected.Start, injected.End, FaultLibrary.Name(fault.Kind)));
            }
        }

        var resets = new PlannedReset[_resets.Length];
        for (var i = 0; i < _resets.Length; i++)
        {
            var reboot = _resets[i].Reboot;
            resets[i] = new PlannedReset(_chargers[_resets[i].Charger].Id, DateTimeOffset.FromUnixTimeMilliseconds(_resets[i].CallMs))
            {
                End = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(reboot.BootMs, reboot.ReturnMs)),
            };
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
            Exclusions = exclusions,
        };
    }

    private static InjectedFault WithSignals(InjectedFault fault)
    {
        var expected = FaultLibrary.ExpectedSignals(fault.Kind, fault.Minutes);
        return fault with { ExpectedSignals = expected, AllowedSignals = FaultLibrary.AllowedSignals(expected, fault.Kind) };
    }

    private static string FaultId(int index) => "F-" + (index + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
}
