using System.Text;
using Telemetry.Engine.Sessions;
using Telemetry.Files.Sessions;
using Telemetry.Ocpp.Events;

namespace Telemetry.Files.Tests.Sessions;

public sealed class SessionCsvWriterTests
{
    private static readonly long s_march = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private readonly ChargerRegistry _chargers = new();
    private readonly TextCodeRegistry _texts = new();

    [Fact]
    public void Write_WritesOneRowPerSession_SortedByStartStationAndPort()
    {
        using var file = new TempFile();
        var cpB = _chargers.Intern("CP-B".AsSpan());
        var cpA = _chargers.Intern("CP-A".AsSpan());
        var tx = _texts.Intern("a1b2-c3"u8);
        var errors = default(ErrorCodeSet).With(ErrorCode.HighTemperature).With(ErrorCode.GroundFailure);
        SessionRecord[] sessions =
        [
            new(cpB, 1, OcppVersion.V16, 4711, 0, s_march, s_march + (45 * 60_000), 36_000, 50_500,
                StopReason.Local, AuthorizationStatus.Accepted, default, false, SessionOutcome.Succeeded),
            new(cpA, 2, OcppVersion.V201, 0, tx, s_march, s_march + 90_000, 20, -1,
                StopReason.EVDisconnected, AuthorizationStatus.Accepted, errors, false, SessionOutcome.EarlyTermination),
            new(cpA, 1, OcppVersion.V16, 0, 0, s_march - 60_000, s_march + 60_000, -1, -1,
                StopReason.DeAuthorized, AuthorizationStatus.None, default, false, SessionOutcome.RejectedStart),
        ];

        SessionCsvWriter.Write(file.Path, sessions, _chargers, _texts);

        Assert.Equal(
            [
                SessionCsvWriter.Header,
                "1@2026-02-28T23:59:00.000Z,CP-A,1,2026-02-28T23:59:00.000Z,2026-03-01T00:01:00.000Z,,,DeAuthorized,,,false",
                "a1b2-c3,CP-A,2,2026-03-01T00:00:00.000Z,2026-03-01T00:01:30.000Z,0.020,,EVDisconnected,Accepted,GroundFailure;HighTemperature,false",
                "4711,CP-B,1,2026-03-01T00:00:00.000Z,2026-03-01T00:45:00.000Z,36.000,50.500,Local,Accepted,,true",
            ],
            File.ReadAllLines(file.Path));
    }

    [Fact]
    public void Write_QuotesTransactionIdsThatHoldSeparators()
    {
        using var file = new TempFile();
        var cp = _chargers.Intern("CP-1".AsSpan());
        var tx = _texts.Intern(Encoding.UTF8.GetBytes("tx,\"7\""));
        SessionRecord[] sessions =
        [
            new(cp, 1, OcppVersion.V201, 0, tx, s_march, s_march + 60_000, 5_000, 7_000,
                StopReason.Local, AuthorizationStatus.Accepted, default, false, SessionOutcome.Succeeded),
        ];

        SessionCsvWriter.Write(file.Path, sessions, _chargers, _texts);

        Assert.StartsWith("\"tx,\"\"7\"\"\",CP-1,1,", File.ReadAllLines(file.Path)[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WritesOnlyTheHeader_WhenThereAreNoSessions()
    {
        using var file = new TempFile();

        SessionCsvWriter.Write(file.Path, [], _chargers, null);

        Assert.Equal([SessionCsvWriter.Header], File.ReadAllLines(file.Path));
    }
}
