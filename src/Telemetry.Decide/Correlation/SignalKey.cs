namespace Telemetry.Decide.Correlation;

/// <summary>Identifies a raised signal so that its clearing finds it: type, charger and port (−1 for none).</summary>
internal readonly record struct SignalKey(string Type, string ChargePoint, int Port);
