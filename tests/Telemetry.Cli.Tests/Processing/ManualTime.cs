namespace Telemetry.Cli.Tests.Processing;

/// <summary>A clock the test moves by hand; timestamps in ticks.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private long _ticks = TimeSpan.FromDays(1).Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public override DateTimeOffset GetUtcNow() => start.AddTicks(_ticks - TimeSpan.FromDays(1).Ticks);

    public void Advance(TimeSpan by) => _ticks += by.Ticks;
}
