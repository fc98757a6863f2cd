using Telemetry.Engine;
using Telemetry.Engine.Inventory;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>What every partition's detectors share within one consumer: its charger and text registries, the inventory and the detector configuration.</summary>
internal sealed record DetectionContext(
    ChargerRegistry Chargers,
    TextCodeRegistry Texts,
    FleetInventory Inventory,
    DetectorOptions Options);
