using System.Globalization;
using Telemetry.Engine.Availability;

namespace Telemetry.Bench.Sink;

/// <summary>
/// Connector-minute rollup rows as the detectors emit them: every connector of the fleet for one
/// minute, then the next minute. Rows are numbered from the workload's first minute, so a batch
/// taken at any position is always the same rows and batches taken one after the other never repeat.
/// </summary>
public sealed class SinkWorkload
{
    private const long MinuteMs = 60_000;
    private const int MinuteMsInt = 60_000;

    // 2026-01-01T00:00:00Z: a fixed start keeps the day partitions, and so the work, the same on every run.
    private const long FirstMinuteMs = 1_767_225_600_000;

    private readonly string[] _names;

    public SinkWorkload(int chargers, int portsPerCharger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chargers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(portsPerCharger, 1);
        PortsPerCharger = portsPerCharger;
        _names = new string[chargers];
        for (var i = 0; i < chargers; i++)
        {
            _names[i] = string.Create(CultureInfo.InvariantCulture, $"BENCH-{i:D6}");
        }
    }

    public int Chargers => _names.Length;

    public int PortsPerCharger { get; }

    /// <summary>Rows of one minute of the whole fleet.</summary>
    public int RowsPerMinute => Chargers * PortsPerCharger;

    /// <summary>Start of the minute of row 0.</summary>
    public static long StartMs => FirstMinuteMs;

    /// <summary>The charge point id of an interned charger.</summary>
    public string NameOf(int charger) => _names[charger];

    /// <summary>Start of the minute that row <paramref name="row"/> falls in.</summary>
    public long MinuteOf(long row) => FirstMinuteMs + (row / RowsPerMinute * MinuteMs);

    /// <summary>Fills <paramref name="rows"/> with rows <paramref name="first"/> onwards.</summary>
    public void Fill(long first, Span<ConnectorRollup> rows)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            var row = first + i;
            var connector = (int)(row % RowsPerMinute);
            var charger = connector / PortsPerCharger;
            var port = (ushort)((connector % PortsPerCharger) + 1);

            // About one connector in sixteen down at a time, some of it offline: the upsert sees
            // varied values, not one repeated row.
            var mix = (int)((row * 2_654_435_761L) >>> 8) & 0xFF;
            var down = mix < 16 ? MinuteMsInt - (mix * 1_000) : 0;
            var offline = mix < 4 ? down : 0;
            rows[i] = new ConnectorRollup(MinuteOf(row), charger, port, MinuteMsInt - down, down, offline, 0);
        }
    }
}
