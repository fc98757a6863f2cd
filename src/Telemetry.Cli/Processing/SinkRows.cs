using Telemetry.Engine.Inventory;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Processing;

/// <summary>Turns detector outputs into the sink's rows.</summary>
internal static class SinkRows
{
    public static SignalRow Signal(Signal signal, FleetInventory inventory) => new(signal, inventory.SiteOf(signal.ChargePoint));

    public static ChargingSession Session(in SessionRecord session, ChargerRegistry chargers, TextCodeRegistry texts) => new(
        SessionId(session, texts),
        chargers.NameOf(session.Charger),
        session.Port,
        session.StartMs,
        session.EndMs,
        session.EnergyWh < 0 ? null : session.EnergyWh / 1000.0,
        session.PeakPowerW < 0 ? null : session.PeakPowerW / 1000.0,
        session.StopReason == StopReason.None ? null : session.StopReason.ToString(),
        session.AuthStatus == AuthorizationStatus.None ? null : session.AuthStatus.ToString(),
        null,
        session.Errors.IsEmpty ? [] : session.Errors.ToNames(',').Split(',', StringSplitOptions.RemoveEmptyEntries),
        session.Successful);

    // The charger's own transaction id, as the sessions file names it.
    private static string SessionId(in SessionRecord session, TextCodeRegistry texts)
    {
        if (session.TransactionText != TextCodeRegistry.None && texts.TextOf(session.TransactionText) is { } text)
        {
            return text;
        }

        return session.TransactionId != 0
            ? session.TransactionId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : session.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + "@" + session.StartMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
