using Telemetry.Engine.Availability;
using Telemetry.Engine.Checkpoints;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Uptime;

/// <summary>
/// Sums minute rollups into per-port uptime per UTC calendar month and over the whole input.
/// The observed time T counts only minutes' known parts; unknown time is neither up nor down.
/// Excluded time (<see cref="ConnectorRollup.ExcludedMs"/>) is outage time that 23 CFR 680.116(b)
/// lets the operator exclude: it counts in T and in T_outage, and again in T_excluded.
/// </summary>
public sealed class UptimeLedger : ICheckpointState
{
    private const double MsPerMinute = 60_000;

    private readonly Dictionary<(int Charger, ushort Port, int Month), Totals> _months = [];

    public void Add(in ConnectorRollup rollup)
    {
        var month = MonthIndex(rollup.MinuteStartMs);
        var key = (rollup.Charger, rollup.Port, month);
        var known = rollup.UpMs + rollup.DownMs + rollup.ExcludedMs;
        if (known == 0)
        {
            return;
        }

        if (!_months.TryGetValue(key, out var totals))
        {
            totals = new Totals { FirstMs = rollup.MinuteStartMs };
        }

        totals.UpMs += rollup.UpMs;
        totals.DownMs += rollup.DownMs;
        totals.ExcludedMs += rollup.ExcludedMs;
        totals.LastEndMs = rollup.MinuteStartMs + 60_000;
        _months[key] = totals;
    }

    /// <summary>Rows for every port: one per month it was observed in, then one for the whole input.</summary>
    public IReadOnlyList<PortUptime> Report(ChargerRegistry chargers)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        var rows = new List<PortUptime>(_months.Count * 2);
        var whole = new Dictionary<(int Charger, ushort Port), Totals>();
        foreach (var ((charger, port, month), totals) in _months)
        {
            rows.Add(Row(chargers.NameOf(charger), port, MonthName(month), totals));
            var sum = whole.TryGetValue((charger, port), out var w)
                ? new Totals { FirstMs = Math.Min(w.FirstMs, totals.FirstMs), LastEndMs = Math.Max(w.LastEndMs, totals.LastEndMs), UpMs = w.UpMs + totals.UpMs, DownMs = w.DownMs + totals.DownMs, ExcludedMs = w.ExcludedMs + totals.ExcludedMs }
                : totals;
            whole[(charger, port)] = sum;
        }

        foreach (var ((charger, port), totals) in whole)
        {
            rows.Add(Row(chargers.NameOf(charger), port, null, totals));
        }

        return rows;
    }

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes every port's monthly totals in the ledger's order, so a restored ledger reports its rows in the same order.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        writer.Header(CheckpointSection.Uptime, FormatVersion);
        writer.Count(_months.Count);
        foreach (var ((charger, port, month), totals) in _months)
        {
            writer.Count(ids.Charger(charger));
            writer.Count(port);
            writer.Count(month);
            writer.Struct(totals);
        }
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        reader.Header(CheckpointSection.Uptime, FormatVersion);
        var count = reader.Count((sizeof(int) * 3) + System.Runtime.CompilerServices.Unsafe.SizeOf<Totals>());
        for (var i = 0; i < count; i++)
        {
            var charger = map.Charger(reader.Count());
            var port = (ushort)reader.Count();
            var month = reader.Count();
            if (!_months.TryAdd((charger, port, month), reader.Struct<Totals>()))
            {
                throw new InvalidDataException($"Checkpoint of {CheckpointSection.Uptime} is corrupt: a port's month appears twice.");
            }
        }
    }

    private static PortUptime Row(string chargePoint, ushort port, string? month, Totals totals) =>
        new(chargePoint, port, totals.FirstMs, totals.LastEndMs, month,
            (totals.DownMs + totals.ExcludedMs) / MsPerMinute, totals.ExcludedMs / MsPerMinute,
            (totals.UpMs + totals.DownMs + totals.ExcludedMs) / MsPerMinute);

    private static int MonthIndex(long unixMs)
    {
        var date = DateTime.UnixEpoch.AddMilliseconds(unixMs);
        return (date.Year * 12) + date.Month - 1;
    }

    private static string MonthName(int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{index / 12:D4}-{(index % 12) + 1:D2}");

    private struct Totals
    {
        public long FirstMs;
        public long LastEndMs;
        public long UpMs;
        public long DownMs;
        public long ExcludedMs;
    }
}
