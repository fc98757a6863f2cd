using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Telemetry.Ocpp.Text;

namespace Telemetry.Timescale.Reports;

/// <summary>
/// NEVI uptime per port (23 CFR 680.116(b)) from <c>connector_minute</c> and <c>exclusions</c>:
/// one row per port per UTC calendar month of the period, each followed by the figure over the
/// twelve months ending with that month.
/// </summary>
/// <remarks>
/// T counts the minutes whose state is known (up, down or excluded, as <c>telemetry replay</c>'s
/// uptime.csv does); unknown time (no data) is neither up nor down. Outage is down time, offline
/// included. Time the engine already excluded (<c>excluded_ms</c>) counts in T and in the outage,
/// and again as excluded, as in uptime.csv. Beyond it, a minute is excluded when its start lies
/// inside an exclusion of its port, its charger or its charger's site (inventory) and the port
/// was down in it; overlapping exclusions excuse a minute once. Caps (<see cref="ExclusionCaps"/>) turn the excess back into outage.
/// </remarks>
public static class UptimeReport
{
    private const long MinuteMs = 60_000;
    private const int TrailingMonths = 12;

    private const string MinutesSql = """
        SELECT cp, port, date_trunc('month', minute, 'UTC') AS month, minute >= $3 AS in_range,
               sum(up_ms + down_ms + excluded_ms)::bigint, sum(down_ms + excluded_ms)::bigint,
               min(minute) FILTER (WHERE up_ms + down_ms + excluded_ms > 0), max(minute) FILTER (WHERE up_ms + down_ms + excluded_ms > 0),
               sum(excluded_ms)::bigint
        FROM connector_minute
        WHERE minute >= $1 AND minute < $2
        GROUP BY 1, 2, 3, 4
        """;

    private const string ExcludedSql = """
        SELECT m.cp, m.port, m.minute, m.down_ms, x.reason, x.from_time
        FROM exclusions x
        JOIN connector_minute m
          ON m.minute >= x.from_time AND m.minute < x.to_time
         AND CASE x.scope
                 WHEN 'port' THEN m.cp = x.cp AND m.port = x.port
                 WHEN 'charger' THEN m.cp = x.cp
                 ELSE m.cp IN (SELECT i.cp FROM inventory i WHERE i.site = x.site)
             END
        WHERE m.down_ms > 0 AND m.minute >= $1 AND m.minute < $2 AND x.to_time > $1 AND x.from_time < $2
        ORDER BY m.cp, m.port, m.minute, x.id
        """;

    public static readonly ReportColumn[] Columns =
    [
        new("station_id"), new("port_id", ColumnKind.Number), new("uptime_period_start"), new("uptime_period_end"),
        new("report_yr_mon"), new("uptime_pct", ColumnKind.Number), new("outage_total", ColumnKind.Number),
        new("outage_excluded", ColumnKind.Number),
    ];

    /// <summary>The rows for the months that [<paramref name="from"/>, <paramref name="to"/>) touches, by station, port and month.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is not after <paramref name="from"/>.</exception>
    public static async Task<IReadOnlyList<UptimeRow>> QueryAsync(
        NpgsqlDataSource dataSource, DateTimeOffset from, DateTimeOffset to, ExclusionCaps? caps = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if (to <= from)
        {
            throw new ArgumentException("--to must be after --from.");
        }

        caps ??= new ExclusionCaps();
        caps.Validate();
        var fromUtc = from.UtcDateTime;
        var toUtc = to.UtcDateTime;
        var firstMonth = MonthIndex(fromUtc);
        var lastMonth = MonthIndex(toUtc.AddTicks(-1));
        var lookback = MonthStart(firstMonth - TrailingMonths + 1);
        var totals = new Dictionary<(string Cp, short Port, int Month), Totals>();
        await ReadMinutesAsync(dataSource, lookback, toUtc, fromUtc, totals, cancellationToken).ConfigureAwait(false);
        await ReadExcludedAsync(dataSource, lookback, toUtc, fromUtc, caps, totals, cancellationToken).ConfigureAwait(false);

        var ports = new SortedSet<(string Cp, short Port)>(Comparer<(string Cp, short Port)>.Create(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Cp, b.Cp);
            return c != 0 ? c : a.Port.CompareTo(b.Port);
        }));
        foreach (var key in totals.Keys)
        {
            ports.Add((key.Cp, key.Port));
        }

        var rows = new List<UptimeRow>();
        foreach (var (cp, port) in ports)
        {
            for (var month = firstMonth; month <= lastMonth; month++)
            {
                if (totals.TryGetValue((cp, port, month), out var inMonth) && inMonth.InRange.KnownMs > 0)
                {
                    var part = inMonth.InRange;
                    rows.Add(new UptimeRow(cp, port, part.FirstMs, part.LastEndMs, MonthName(month),
                        part.KnownMs / (double)MinuteMs, part.DownMs / (double)MinuteMs, part.ExcludedMs / (double)MinuteMs));
                }

                var trailing = default(Part);
                for (var m = month - TrailingMonths + 1; m <= month; m++)
                {
                    if (totals.TryGetValue((cp, port, m), out var t))
                    {
                        trailing = trailing.Plus(t.Before).Plus(t.InRange);
                    }
                }

                if (trailing.KnownMs > 0)
                {
                    var end = Math.Min(UnixMs(MonthStart(month + 1)), UnixMs(toUtc));
                    rows.Add(new UptimeRow(cp, port, UnixMs(MonthStart(month - TrailingMonths + 1)), end, MonthName(month) + UptimeRow.TrailingSuffix,
                        trailing.KnownMs / (double)MinuteMs, trailing.DownMs / (double)MinuteMs, trailing.ExcludedMs / (double)MinuteMs));
                }
            }
        }

        return rows;
    }

    /// <summary>The rows as text, two decimals as in uptime.csv.</summary>
    public static ReportTable ToTable(IEnumerable<UptimeRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new ReportTable(Columns);
        foreach (var row in rows)
        {
            table.Add(row.StationId, row.PortId.ToString(CultureInfo.InvariantCulture), Rfc3339.Format(row.PeriodStartMs), Rfc3339.Format(row.PeriodEndMs),
                row.ReportYearMonth, Number(row.UptimePercent), Number(row.OutageMinutes), Number(row.ExcludedMinutes));
        }

        return table;
    }

    internal static string Number(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static async Task ReadMinutesAsync(
        NpgsqlDataSource dataSource, DateTime lookback, DateTime to, DateTime from, Dictionary<(string, short, int), Totals> totals, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand(MinutesSql);
        await using (command.ConfigureAwait(false))
        {
            AddTimes(command, lookback, to);
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = from, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var key = (reader.GetString(0), reader.GetInt16(1), MonthIndex(reader.GetDateTime(2)));
                    var part = new Part
                    {
                        KnownMs = reader.GetInt64(4),
                        DownMs = reader.GetInt64(5),
                        ExcludedMs = reader.GetInt64(8),
                        Observed = !reader.IsDBNull(6),
                        FirstMs = reader.IsDBNull(6) ? 0 : UnixMs(reader.GetDateTime(6)),
                        LastEndMs = reader.IsDBNull(7) ? 0 : UnixMs(reader.GetDateTime(7)) + MinuteMs,
                    };
                    totals.TryGetValue(key, out var t);
                    if (reader.GetBoolean(3))
                    {
                        t.InRange = t.InRange.Plus(part);
                    }
                    else
                    {
                        t.Before = t.Before.Plus(part);
                    }

                    totals[key] = t;
                }
            }
        }
    }

    /// <summary>
    /// Adds the excluded down time to the months it fell in. Reads from the start of the
    /// lookback's calendar year so that the yearly maintenance cap counts what came before.
    /// </summary>
    private static async Task ReadExcludedAsync(
        NpgsqlDataSource dataSource, DateTime lookback, DateTime to, DateTime from, ExclusionCaps caps, Dictionary<(string, short, int), Totals> totals, CancellationToken cancellationToken)
    {
        var yearStart = new DateTime(lookback.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var vandalismCapMs = caps.VandalismPerIncident is { } v ? (long)v.TotalMilliseconds : long.MaxValue;
        var maintenanceCapMs = caps.MaintenancePerYear is { } m ? (long)m.TotalMilliseconds : long.MaxValue;
        var maintenanceUsed = new Dictionary<(string, short, int Year), long>();
        var lookbackMs = UnixMs(lookback);
        var fromMs = UnixMs(from);

        // Several exclusions may cover one minute: its down time is excused once, by the
        // exclusions in id order as far as their caps allow.
        string? cp = null;
        short port = -1;
        long minuteMs = long.MinValue;
        long remaining = 0;

        var command = dataSource.CreateCommand(ExcludedSql);
        await using (command.ConfigureAwait(false))
        {
            AddTimes(command, yearStart, to);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var rowCp = reader.GetString(0);
                    var rowPort = reader.GetInt16(1);
                    var rowMinute = UnixMs(reader.GetDateTime(2));
                    if (rowMinute != minuteMs || rowPort != port || !string.Equals(rowCp, cp, StringComparison.Ordinal))
                    {
                        cp = rowCp;
                        port = rowPort;
                        minuteMs = rowMinute;
                        remaining = reader.GetInt32(3);
                    }

                    if (remaining == 0)
                    {
                        continue;
                    }

                    long take;
                    switch (reader.GetString(4))
                    {
                        case "vandalism":
                            take = rowMinute - UnixMs(reader.GetDateTime(5)) < vandalismCapMs ? remaining : 0;
                            break;
                        case "maintenance":
                            var year = (rowCp, rowPort, DateTime.UnixEpoch.AddMilliseconds(rowMinute).Year);
                            maintenanceUsed.TryGetValue(year, out var used);
                            take = Math.Min(remaining, Math.Max(0, maintenanceCapMs - used));
                            maintenanceUsed[year] = used + take;
                            break;
                        default:
                            take = remaining;
                            break;
                    }

                    remaining -= take;
                    if (take == 0 || rowMinute < lookbackMs)
                    {
                        continue;
                    }

                    var key = (rowCp, rowPort, MonthIndex(DateTime.UnixEpoch.AddMilliseconds(rowMinute)));
                    totals.TryGetValue(key, out var t);
                    if (rowMinute >= fromMs)
                    {
                        t.InRange.ExcludedMs += take;
                    }
                    else
                    {
                        t.Before.ExcludedMs += take;
                    }

                    totals[key] = t;
                }
            }
        }
    }

    private static void AddTimes(NpgsqlCommand command, DateTime from, DateTime to)
    {
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = from, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = to, NpgsqlDbType = NpgsqlDbType.TimestampTz });
    }

    private static int MonthIndex(DateTime utc) => (utc.Year * 12) + utc.Month - 1;

    private static DateTime MonthStart(int index) => new(index / 12, (index % 12) + 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static string MonthName(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{index / 12:D4}-{(index % 12) + 1:D2}");

    private static long UnixMs(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalMilliseconds;

    /// <summary>A port-month's minutes before the report's start (trailing figures only) and inside it.</summary>
    private struct Totals
    {
        public Part Before;
        public Part InRange;
    }

    private struct Part
    {
        public long KnownMs;
        public long DownMs;
        public long ExcludedMs;

        /// <summary>True when <see cref="FirstMs"/> and <see cref="LastEndMs"/> hold an observed minute.</summary>
        public bool Observed;
        public long FirstMs;
        public long LastEndMs;

        public readonly Part Plus(Part other) => new()
        {
            KnownMs = KnownMs + other.KnownMs,
            DownMs = DownMs + other.DownMs,
            ExcludedMs = ExcludedMs + other.ExcludedMs,
            Observed = Observed || other.Observed,
            FirstMs = !Observed ? other.FirstMs : !other.Observed ? FirstMs : Math.Min(FirstMs, other.FirstMs),
            LastEndMs = !Observed ? other.LastEndMs : !other.Observed ? LastEndMs : Math.Max(LastEndMs, other.LastEndMs),
        };
    }
}
