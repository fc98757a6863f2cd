namespace Telemetry.Simulator.Capture;

/// <summary>A span of time, in Unix milliseconds, during which a port runs no session.</summary>
internal readonly record struct Window(long StartMs, long EndMs);
