using System.Globalization;
using System.Text.RegularExpressions;

namespace Telemetry.Timescale.Tests.Dashboards;

/// <summary>
/// Expands the Grafana PostgreSQL macros the dashboards use into plain SQL, the way Grafana's
/// data source does before it sends a query, so the query can run on a test database:
/// <list type="bullet">
/// <item><c>$__interval</c> → the interval given (e.g. <c>1h</c>), before the macros;</item>
/// <item><c>$__timeFilter(col)</c> → <c>col BETWEEN 'FROM' AND 'TO'</c>;</item>
/// <item><c>$__timeFrom()</c>, <c>$__timeTo()</c> → <c>'FROM'</c>, <c>'TO'</c>;</item>
/// <item><c>$__time(col)</c> → <c>col AS "time"</c>;</item>
/// <item><c>$__timeGroup(col, I)</c> → <c>floor(extract(epoch from col)/S)*S</c>, S = I in seconds;</item>
/// <item><c>$__timeGroupAlias(col, I)</c> → the same with <c>AS "time"</c>.</item>
/// </list>
/// FROM and TO are RFC 3339 UTC literals, as Grafana writes them. Anything else that starts with
/// <c>$</c> (another macro, a gap-filling argument, a dashboard variable) is refused, so a
/// dashboard cannot pass this check with SQL the expander does not understand.
/// </summary>
internal static partial class GrafanaSqlMacros
{
    public static string Expand(string sql, DateTimeOffset from, DateTimeOffset to, string interval)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var fromLiteral = Literal(from);
        var toLiteral = Literal(to);
        var expanded = sql.Replace("$__interval", interval, StringComparison.Ordinal);
        expanded = Macro().Replace(expanded, match =>
        {
            var arguments = match.Groups["args"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return (match.Groups["name"].Value, arguments.Length) switch
            {
                ("timeFilter", 1) => $"{arguments[0]} BETWEEN {fromLiteral} AND {toLiteral}",
                ("timeFrom", 0) => fromLiteral,
                ("timeTo", 0) => toLiteral,
                ("time", 1) => $"{arguments[0]} AS \"time\"",
                ("timeGroup", 2) => Group(arguments[0], arguments[1]),
                ("timeGroupAlias", 2) => Group(arguments[0], arguments[1]) + " AS \"time\"",
                var (name, count) => throw new NotSupportedException($"macro $__{name} with {count} arguments is not expanded: {match.Value}"),
            };
        });
        var left = Leftover().Match(expanded);
        return left.Success
            ? throw new NotSupportedException($"'{left.Value}' is left in the query after expanding macros")
            : expanded;
    }

    /// <summary>Seconds of a Grafana interval: <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, <c>1w</c>, optionally quoted.</summary>
    public static long Seconds(string interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        var match = Interval().Match(interval.Trim());
        if (!match.Success)
        {
            throw new FormatException($"'{interval}' is not a Grafana interval");
        }

        var count = long.Parse(match.Groups["count"].Value, CultureInfo.InvariantCulture);
        return count * match.Groups["unit"].Value switch
        {
            "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86400,
            _ => 7 * 86400,
        };
    }

    private static string Group(string column, string interval)
    {
        var seconds = Seconds(interval).ToString(CultureInfo.InvariantCulture);
        return $"floor(extract(epoch from {column})/{seconds})*{seconds}";
    }

    private static string Literal(DateTimeOffset instant) =>
        "'" + instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "'";

    // Arguments hold no parentheses in these dashboards; a nested call would not match and is
    // then refused as a leftover.
    [GeneratedRegex(@"\$__(?<name>[A-Za-z]+)\((?<args>[^()]*)\)")]
    private static partial Regex Macro();

    [GeneratedRegex(@"\$\S*")]
    private static partial Regex Leftover();

    [GeneratedRegex(@"^'?(?<count>\d+)(?<unit>[smhdw])'?$")]
    private static partial Regex Interval();
}
