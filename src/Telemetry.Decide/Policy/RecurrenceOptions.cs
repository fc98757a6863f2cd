namespace Telemetry.Decide.Policy;

/// <summary>Repeats that move an incident up (section <c>Escalation:Recurrence</c>).</summary>
public sealed class RecurrenceOptions
{
    /// <summary>The same alarm raised this many times within <see cref="Window"/> on one charger goes to <see cref="Owner"/> at least.</summary>
    public int Count { get; set; } = 3;

    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    public string Owner { get; set; } = "techops";
}
