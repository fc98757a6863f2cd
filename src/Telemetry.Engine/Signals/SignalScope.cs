namespace Telemetry.Engine.Signals;

/// <summary>What a signal is about (DESIGN §2.3): one connector, one charger, one site, or systemic.</summary>
public enum SignalScope : byte
{
    Connector = 1,
    Charger = 2,
    Site = 3,
    Fleet = 4,
}
