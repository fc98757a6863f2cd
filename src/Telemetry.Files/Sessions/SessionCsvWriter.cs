using System.Globalization;
using Telemetry.Engine.Sessions;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Text;

namespace Telemetry.Files.Sessions;

/// <summary>
/// Writes <c>sessions.csv</c>: one row per ended charging session with the session fields of
/// 23 CFR 680.112. Rows are sorted by start, station and port, so the same sessions give the same
/// bytes whatever order the partitions produced them in.
/// </summary>
/// <remarks>
/// <c>session_id</c> is the transaction id (1.6 transactionId, 2.0.1 transactionId); a 1.6
/// session whose StartTransaction answer was not seen has none and gets <c>port@start</c>.
/// <c>kwh</c> and <c>peak_kw</c> carry three decimals and are empty when no reading was seen;
/// <c>error_codes</c> lists ChargePointErrorCodes separated by <c>;</c>; <c>auth_status</c> is
/// empty when no verdict was seen.
/// </remarks>
public static class SessionCsvWriter
{
    public const string Header = "session_id,station_id,port_id,start,end,kwh,peak_kw,stop_reason,auth_status,error_codes,successful";

    private const char ErrorSeparator = ';';

    /// <param name="texts">The registry 2.0.1 transaction ids were interned in (the consumer's); null writes none.</param>
    public static void Write(string path, IEnumerable<SessionRecord> sessions, ChargerRegistry chargers, TextCodeRegistry? texts)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(chargers);
        var rows = new List<(SessionRecord Session, string Station)>();
        foreach (var session in sessions)
        {
            rows.Add((session, chargers.NameOf(session.Charger)));
        }

        rows.Sort(static (a, b) =>
        {
            var c = a.Session.StartMs.CompareTo(b.Session.StartMs);
            if (c == 0) c = string.CompareOrdinal(a.Station, b.Station);
            if (c == 0) c = a.Session.Port.CompareTo(b.Session.Port);
            if (c == 0) c = a.Session.EndMs.CompareTo(b.Session.EndMs);
            return c;
        });
        using var writer = new StreamWriter(path) { NewLine = "\n" };
        writer.WriteLine(Header);
        foreach (var (session, station) in rows)
        {
            writer.WriteLine(string.Join(',',
                Field(SessionIdOf(session, texts)),
                Field(station),
                session.Port.ToString(CultureInfo.InvariantCulture),
                Rfc3339.Format(session.StartMs),
                Rfc3339.Format(session.EndMs),
                session.EnergyWh < 0 ? string.Empty : Kilo(session.EnergyWh),
                session.PeakPowerW < 0 ? string.Empty : Kilo(session.PeakPowerW),
                session.StopReason == StopReason.None ? string.Empty : session.StopReason.ToString(),
                session.AuthStatus == AuthorizationStatus.None ? string.Empty : session.AuthStatus.ToString(),
                session.Errors.ToNames(ErrorSeparator),
                session.Successful ? "true" : "false"));
        }
    }

    /// <summary>The session's id as <c>sessions.csv</c> and the sessions table name it.</summary>
    public static string SessionIdOf(in SessionRecord session, TextCodeRegistry? texts)
    {
        if (session.TransactionText != TextCodeRegistry.None && texts?.TextOf(session.TransactionText) is { } text)
        {
            return text;
        }

        return session.TransactionId != 0
            ? session.TransactionId.ToString(CultureInfo.InvariantCulture)
            : session.Port.ToString(CultureInfo.InvariantCulture) + "@" + Rfc3339.Format(session.StartMs);
    }

    private static string Kilo(long value) => (value / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting for texts that come from chargers (transaction ids, charge point ids).</summary>
    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
