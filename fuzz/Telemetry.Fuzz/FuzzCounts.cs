namespace Telemetry.Fuzz;

/// <summary>What the inputs of a run came to: every record read is an event line, a dead letter or ignored.</summary>
internal sealed class FuzzCounts
{
    public long Inputs { get; set; }

    public long Read { get; set; }

    public long WithEvents { get; set; }

    public long DeadLetters { get; set; }

    /// <summary>Records that gave neither: only valid CALLRESULTs may (unmatched or uninteresting results).</summary>
    public long Ignored { get; set; }

    public bool Balances => Read == WithEvents + DeadLetters + Ignored;

    public override string ToString() =>
        $"{Inputs:N0} inputs, {Read:N0} records read = {WithEvents:N0} with events + {DeadLetters:N0} dead letters + {Ignored:N0} ignored";
}
