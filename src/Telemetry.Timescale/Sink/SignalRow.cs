using Telemetry.Engine.Signals;

namespace Telemetry.Timescale.Sink;

/// <summary>A detector signal with the site its charger belongs to, when the inventory knows it.</summary>
public readonly record struct SignalRow(Signal Signal, string? Site);
