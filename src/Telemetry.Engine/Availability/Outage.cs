namespace Telemetry.Engine.Availability;

/// <summary>
/// One maximal period during which a port was down (DESIGN §2.3 <c>outages.csv</c>).
/// <see cref="Cause"/> is what took the port down first; <see cref="EndMs"/> is null while open.
/// A value, so that opening or closing an outage allocates nothing; a sink keeps a copy.
/// </summary>
public readonly record struct Outage(string ChargePoint, ushort Port, long StartMs, long? EndMs, string Cause);
