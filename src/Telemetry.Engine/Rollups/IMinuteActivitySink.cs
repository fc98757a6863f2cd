using Telemetry.Engine.Availability;

namespace Telemetry.Engine.Rollups;

/// <summary>Receives complete minute rollups, in minute order per port and per charger.</summary>
public interface IMinuteActivitySink
{
    void OnConnectorMinute(in ConnectorRollup minute);

    void OnChargerMinute(in ChargerMinute minute);
}
