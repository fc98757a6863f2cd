using Npgsql;
using Telemetry.Timescale.Sink;

namespace Telemetry.Timescale.Tests.Sink;

public class SinkOptionsTests
{
    public static TheoryData<Action<SinkOptions>> InvalidSettings =>
    [
        o => o.MaxBatchRows = 0,
        o => o.MaxBatchAge = TimeSpan.FromMilliseconds(-1),
        o => o.MaxPendingBatches = 0,
        o => o.RetryAttempts = 0,
        o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(-1),
        o => o.RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        o => o.PartitionDaysAhead = -1,
    ];

    [Fact]
    public void Validate_Accepts_Defaults()
    {
        new SinkOptions().Validate();
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Validate_Throws_WhenSettingIsOutOfRange(Action<SinkOptions> change)
    {
        var options = new SinkOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(100) };
        change(options);

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }

    [Fact]
    public void BackOff_DoublesPerFailedTry_UpToMaxDelay()
    {
        var options = new SinkOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(100), RetryMaxDelay = TimeSpan.FromMilliseconds(1_000) };
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Database=unused");
        var sink = new ExactlyOnceSink(dataSource, "g", id => id.ToString(System.Globalization.CultureInfo.InvariantCulture), options);

        var delays = Enumerable.Range(1, 6).Select(sink.BackOff).Select(d => d.TotalMilliseconds);

        Assert.Equal([100d, 200d, 400d, 800d, 1_000d, 1_000d], delays);
    }
}
