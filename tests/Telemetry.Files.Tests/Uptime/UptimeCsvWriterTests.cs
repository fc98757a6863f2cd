using Telemetry.Engine.Uptime;
using Telemetry.Files.Uptime;

namespace Telemetry.Files.Tests.Uptime;

public sealed class UptimeCsvWriterTests
{
    private static readonly long s_march = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public void Write_AppliesTheNeviFormula_AndListsMonthsBeforeTheWholeInput()
    {
        using var file = new TempFile();
        // 23 CFR 680.116(b): µ = (T − (T_outage − T_excluded)) / T × 100; a 31-day month is 44,640 minutes.
        var march = new PortUptime("CP-1", 1, s_march, s_march + (44_640L * 60_000), "2026-03", OutageMinutes: 446.4, ExcludedMinutes: 0, ObservedMinutes: 44_640);
        var whole = march with { Month = null };

        UptimeCsvWriter.Write(file.Path, [whole, march]);

        var lines = File.ReadAllLines(file.Path);
        Assert.Equal(UptimeCsvWriter.Header, lines[0]);
        Assert.Equal("CP-1,1,2026-03-01T00:00:00.000Z,2026-04-01T00:00:00.000Z,2026-03,99.00,446.40,0.00", lines[1]);
        Assert.Equal("CP-1,1,2026-03-01T00:00:00.000Z,2026-04-01T00:00:00.000Z,all,99.00,446.40,0.00", lines[2]);
    }

    [Fact]
    public void UptimePercent_CountsExcludedMinutesAsUp()
    {
        var row = new PortUptime("CP-1", 1, 0, 0, null, OutageMinutes: 100, ExcludedMinutes: 40, ObservedMinutes: 1000);

        Assert.Equal(94.0, row.UptimePercent, 6);
    }
}
