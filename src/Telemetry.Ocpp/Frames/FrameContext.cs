using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Frames;

/// <summary>What is known about an OCPP-J frame from outside it: who sent it, when, and the connection's version.</summary>
/// <param name="FromCharger">True for charger → CSMS (<c>rx</c> on the tap), false for CSMS → charger.</param>
public readonly record struct FrameContext(long TimestampMs, int Charger, bool FromCharger, OcppVersion Version);
