using Telemetry.Engine.Availability;
using Telemetry.Engine.Signals;
using Telemetry.Engine.Rollups;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Sink;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary>Reproducible rows of every kind the sink writes.</summary>
internal static class SinkRows
{
    public const long MinuteMs = 60_000;

    // 2025-03-01T00:00:00Z: a fixed minute boundary, so runs are reproducible.
    public const long FirstMinuteMs = 1_740_787_200_000;

    /// <summary>Every (charger, port, minute) once, with a random split of the minute's 60,000 ms.</summary>
    public static List<ConnectorRollup> ConnectorRollups(ChargerRegistry registry, int chargers, int ports, int minutes, int seed, long firstMinuteMs = FirstMinuteMs, int minuteStep = 1)
    {
        var random = new Random(seed);
        var rollups = new List<ConnectorRollup>(chargers * ports * minutes);
        for (var c = 0; c < chargers; c++)
        {
            var id = registry.Intern((c % 10 == 0 ? $"Ladesäule-{c:D4}" : $"CP-{c:D4}").AsSpan());
            for (var p = 1; p <= ports; p++)
            {
                for (var m = 0; m < minutes; m++)
                {
                    var up = random.Next(0, 60_001);
                    var down = random.Next(0, 60_001 - up);
                    var offline = random.Next(0, down + 1);
                    rollups.Add(new ConnectorRollup(firstMinuteMs + (m * minuteStep * MinuteMs), id, (ushort)p, up, down, offline, 60_000 - up - down));
                }
            }
        }

        return rollups;
    }

    /// <summary>One charger rollup per (charger, minute) of <paramref name="connectors"/>, summed over its ports and capped to a minute.</summary>
    public static List<ChargerMinute> ChargerRollups(IEnumerable<ConnectorRollup> connectors) =>
        connectors
            .GroupBy(r => (r.Charger, r.MinuteStartMs))
            .Select(g =>
            {
                var up = Math.Min(60_000, g.Max(r => r.UpMs));
                var down = 60_000 - up;
                return new ChargerMinute(g.Key.MinuteStartMs, g.Key.Charger, up, down, Math.Min(down, g.Min(r => r.OfflineMs)), 0);
            })
            .ToList();

    public static List<SignalRow> Signals(int count, int seed)
    {
        var random = new Random(seed);
        var types = new[] { SignalTypes.AvailabilityOutage, SignalTypes.CommsOffline, SignalTypes.ResetFrequent };
        var rows = new List<SignalRow>(count);
        for (var i = 0; i < count; i++)
        {
            var connector = i % 3 == 0;
            var evidence = new SignalEvidence { Cause = i % 2 == 0 ? "faulted" : "offline", Count = random.Next(1, 9), SinceMs = FirstMinuteMs + i };
            var signal = new Signal(
                types[i % types.Length],
                i % 4 == 3 ? SignalState.Cleared : SignalState.Raised,
                FirstMinuteMs + (i * 1_000L) + random.Next(0, 1_000),
                $"CP-{i % 7:D4}",
                connector ? (ushort)(1 + (i % 2)) : null,
                connector ? SignalScope.Connector : SignalScope.Charger,
                evidence);
            rows.Add(new SignalRow(signal, i % 5 == 0 ? null : $"site-{i % 3}"));
        }

        return rows;
    }

    public static List<Outage> Outages(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new Outage($"CP-{i % 5:D4}", (ushort)(1 + (i % 2)), FirstMinuteMs + (i * 90_000L), i % 3 == 0 ? null : FirstMinuteMs + (i * 90_000L) + 45_000, i % 2 == 0 ? "faulted" : "offline"))
            .ToList();

    public static List<ChargingSession> Sessions(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new ChargingSession(
                $"tx-{i}",
                $"CP-{i % 4:D4}",
                (ushort)(1 + (i % 2)),
                FirstMinuteMs + (i * 600_000L),
                i % 4 == 0 ? null : FirstMinuteMs + (i * 600_000L) + 1_800_000,
                i % 4 == 0 ? null : 12.5 + i,
                i % 4 == 0 ? null : 50.25 + i,
                i % 4 == 0 ? null : (i % 3 == 0 ? "EVDisconnected" : "Local"),
                i % 5 == 0 ? "Invalid" : "Accepted",
                i % 2 == 0 ? "RFID" : null,
                i % 5 == 0 ? ["GroundFailure", "OverVoltage"] : [],
                i % 4 == 0 ? null : i % 5 != 0))
            .ToList();
}
