using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>One OnRejected call, with the raw bytes copied out as text (they are only valid during the call).</summary>
public sealed record Rejection(RejectReason Reason, long Line, long Offset, string Raw);
