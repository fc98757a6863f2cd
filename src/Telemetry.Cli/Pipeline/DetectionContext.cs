using Telemetry.Engine;
using Telemetry.Engine.Auth;
using Telemetry.Engine.Inventory;
using Telemetry.Ocpp.Events;

namespace Telemetry.Cli.Pipeline;

/// <summary>
/// What every partition's detectors share within one consumer: its charger and text registries,
/// the inventory, the detector configuration, and the fleet-wide view of authorisation verdicts
/// (which sees all partitions when one thread drives them, as in a replay).
/// </summary>
internal sealed record DetectionContext(
    ChargerRegistry Chargers,
    TextCodeRegistry Texts,
    FleetInventory Inventory,
    DetectorOptions Options,
    BackendOutageView Fleet);
