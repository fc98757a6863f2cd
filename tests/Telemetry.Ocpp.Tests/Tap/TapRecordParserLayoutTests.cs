using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Tap;

/// <summary>
/// Records in the writers' compact layout take a shortcut through their head and frame opening;
/// the same records with a space after each structural character take the general reader. Both
/// must give the same events and the same rejections, record by record.
/// </summary>
public class TapRecordParserLayoutTests
{
    public static TheoryData<string> Records() =>
    [
        """{"ts":"2026-03-01T12:00:00.123Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"b1","BootNotification",{"chargePointVendor":"A","chargePointModel":"B"}]}""",
        """{"ts":"2026-03-01T12:00:01+01:00","cp":"CP-1","dir":"tx","msg":[3,"b1",{"currentTime":"2026-03-01T12:00:01Z","interval":300,"status":"Accepted"}]}""",
        """{"ts":"2026-03-01T12:00:02Z","cp":"CP-2","dir":"rx","msg":[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Faulted"}]}""",
        """{"ts":"2026-03-01T12:00:03Z","cp":"CP-2","dir":"tx","msg":[2,"r1","Reset",{"type":"Hard"}],"extra":1}""",
        """{"ts":"2026-03-01T12:00:04Z","cp":"CP-2","dir":"rx","msg":[3,"r1",{"status":"Accepted"}]}""",
        """{"ts":"2026-03-01T12:00:05Z","cp":"CP-2","dir":"rx","msg":[4,"x1","InternalError","",{}]}""",
        """{"ts":"2026-03-01T12:00:06Z","cp":"CP\u002D3","dir":"rx","msg":[2,"h2","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:07Z","cp":"CP-3","dir":"rx","msg":[2,"h\"3","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:08Z","cp":"CP-3","dir":"rx","msg":[12,"h4","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:09Z","cp":"CP-3","dir":"rx","msg":[9,"h5","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:10Z","cp":"CP-3","dir":"rx","msg":[2,"","Heartbeat",{}]}""",
        """{"ts":"2026-02-30T12:00:00Z","cp":"CP-3","dir":"rx","msg":[2,"h6","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:11Z","cp":"","dir":"rx","msg":[2,"h7","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:12Z","cp":"CP-3","dir":"rX","msg":[2,"h8","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:13Z","cp":"CP-3","dir":"rx","msg":[2,"h9","Heartbeat",{}]}x""",
        """{"ts":"2026-03-01T12:00:14Z","cp":"CP-3","dir":"rx","msg":[2,"h10","Heartbeat",{}""",
        """{"ts":"2026-03-01T12:00:15Z","cp":"CP-3","dir":"rx","msg":""",
        """{"ts":"2026-03-01T12:00:16Z","cp":"CP-3","dir":"rx","msg":[2,"h11","Heartbeat",{}],"ts":"bad"}""",
        """{"ts":"2026-03-01T12:00:17Z","cp":"CP-3","dir":"rx","msg":[2,"h12	","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12","cp":"CP-","dir":"rx","msg":[2,"h13","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:18.000Z","cp":"CP-3","dir":"rx","msg":[2,"c1","Heartbeat",{}]}""",
        """{"ts":"2026-03-01T12:00:19Z","cp":"CP-3","dir":"rx","msg":[2,"c2","Heart\u0062eat",{}]}""",
        """{"ts":"2026-03-01T12:00:20Z","cp":"CP-3","dir":"rx","msg":[2,"c3","Heartbeat",[]]}""",
        """{"ts":"2026-03-01T12:00:21Z","cp":"CP-3","dir":"rx","msg":[2,"c4","Heartbeat"]}""",
        """{"ts":"2026-03-01T12:00:22Z","cp":"CP-3","dir":"rx","msg":[2,"c5","Heartbeat",{}]} """,
        """{"ts":"2026-03-01T12:00:23Z","cp":"CP-3","dir":"rx","msg":[2,"c6","Heartbeat",{}]}}""",
        """{"ts":"2026-03-01T12:00:24Z","cp":"CP-3","dir":"rx","msg":[2,"c7","Heartbeat",{"a":[1,{"b":2}]}]}""",
        """{"ts":"2026-03-01T12:00:25Z","cp":"CP-3","dir":"tx","msg":[2,"c8","Reset",{"type":"Hard"}]}""",
        """{"ts":"2026-03-01T12:00:26Z","cp":"CP-3","dir":"rx","msg":[3,"c8",{"status":"Accepted"}]}""",
    ];

    [Theory]
    [MemberData(nameof(Records))]
    public void Parse_SameOutcome_WhenLayoutHasSpaces(string compact)
    {
        var spaced = Spaced(compact);
        Assert.NotEqual(compact, spaced);

        Assert.Equal(Outcome(spaced), Outcome(compact));
    }

    [Fact]
    public void Parse_ReadsHeadFields_WhenLayoutIsCompact()
    {
        var log = new ParseLog();
        var handler = new RecordingHandler(log);
        var parser = new TapRecordParser(new ChargerRegistry(), new PendingCalls(16, TimeSpan.FromMinutes(5)));

        parser.Parse("""{"ts":"2026-03-01T12:00:00.250Z","cp":"CP-7","dir":"rx","msg":[2,"h1","Heartbeat",{}]}"""u8, ref handler);

        var e = Assert.Single(log.Events);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 250, TimeSpan.Zero).ToUnixTimeMilliseconds(), e.TimestampMs);
        Assert.Equal("CP-7", parser.Chargers.NameOf(e.Charger));
        Assert.Equal(EventKind.Heartbeat, e.Kind);
        Assert.Equal(EventOrigin.Charger, e.Origin);
    }

    /// <summary>Every record of the theory replayed through one parser, so results meet the calls they answer.</summary>
    [Fact]
    public void Parse_SameOutcomes_WhenWholeSequenceIsSpaced()
    {
        var compact = new List<string>();
        var spaced = new List<string>();
        foreach (var record in Records())
        {
            compact.Add(record);
            spaced.Add(Spaced(record));
        }

        Assert.Equal(Outcomes(spaced), Outcomes(compact));
    }

    private static string Outcome(string record) => Outcomes([record])[0];

    private static List<string> Outcomes(List<string> records)
    {
        var parser = new TapRecordParser(new ChargerRegistry(), new PendingCalls(16, TimeSpan.FromMinutes(5)));
        var outcomes = new List<string>();
        foreach (var record in records)
        {
            var log = new ParseLog();
            var handler = new RecordingHandler(log);
            try
            {
                parser.Parse(Encoding.UTF8.GetBytes(record), ref handler);
                outcomes.Add(string.Join(";", log.Events.ConvertAll(e =>
                    $"{e.Kind} {e.TimestampMs} {parser.Chargers.NameOf(e.Charger)} {e.Origin} {e.Version} {e.Detail} {e.Reason} {e.Value}")));
            }
            catch (MalformedRecordException exception)
            {
                outcomes.Add($"rejected {exception.Reason}");
            }
        }

        return outcomes;
    }

    /// <summary>A space after every structural character outside strings: the same JSON, not the writers' layout.</summary>
    private static string Spaced(string record)
    {
        var spaced = new StringBuilder();
        var inString = false;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            spaced.Append(c);
            if (inString)
            {
                if (c == '\\')
                {
                    spaced.Append(record[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[' or ',' or ':')
            {
                spaced.Append(' ');
            }
        }

        return spaced.ToString();
    }
}
