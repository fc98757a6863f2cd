using Telemetry.Engine.Inventory;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Files.Sessions;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Pipeline;

/// <summary>Turns detector outputs into the sink's rows, for replay and the process worker alike.</summary>
internal static class SinkRows
{
    public static SignalRow Signal(Signal signal, FleetInventory inventory) => new(signal, inventory.SiteOf(signal.ChargePoint));

    public static ChargingSession Session(in SessionRecord session, ChargerRegistry chargers, TextCodeRegistry texts) => new(
        SessionCsvWriter.SessionIdOf(session, texts),
        chargers.NameOf(session.Charger),
        session.Port,
        session.StartMs,
        session.EndMs,
        session.EnergyWh < 0 ? null : session.EnergyWh / 1000.0,
        session.PeakPowerW < 0 ? null : session.PeakPowerW / 1000.0,
        session.StopReason == StopReason.None ? null : session.StopReason.ToString(),
        session.AuthStatus == AuthorizationStatus.None ? null : session.AuthStatus.ToString(),
        // OCPP does not say how the driver paid or identified; the table keeps the column for sources that do.
        null,
        session.Errors.IsEmpty ? [] : session.Errors.ToNames(',').Split(',', StringSplitOptions.RemoveEmptyEntries),
        session.Successful);
}
