using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// What every partition's detectors share within one consumer: its charger registry (the ids of
/// the events it hands out; each partition renumbers them into its own), its text registry, the
/// inventory and the detector configuration.
/// </summary>
internal sealed record DetectionContext(
    ChargerRegistry Chargers,
    TextCodeRegistry Texts,
    FleetInventory Inventory,
    DetectorOptions Options);
