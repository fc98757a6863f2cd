using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Tests.Fuzz;

/// <summary>
/// Every callback of one read, tagged with the offset of the record it came from: a rejection
/// carries its offset; an event is tagged with the reader's <c>BytesRead</c>, which during a
/// record's callbacks is that record's start (the readers advance it after the record).
/// </summary>
public sealed class FuzzTally
{
    public Func<long> BytesRead { get; set; } = () => -1;

    public List<FuzzCallback> Callbacks { get; } = [];
}

/// <summary>One callback: an event (Reason <see cref="RejectReason.None"/>) or a rejection with its line.</summary>
public readonly record struct FuzzCallback(long Offset, RejectReason Reason, long Line)
{
    public bool IsEvent => Reason == RejectReason.None;
}
