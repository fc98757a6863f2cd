using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Availability;

/// <summary>
/// The cause an outage is written with: <c>faulted</c>, <c>unavailable</c>, or the same of the
/// station (<c>station_faulted</c>), followed by <c>:ErrorCode</c> when the status came with an
/// error. Every combination is made once, so that opening an outage builds no string.
/// </summary>
internal static class OutageCauseText
{
    public const string Offline = "offline";

    // Index: station (0, 1) × 2 + faulted (0, 1); then the error code's byte value.
    private static readonly string[] s_causes = ["unavailable", "faulted", "station_unavailable", "station_faulted"];
    private static readonly string[][] s_withError = Build();

    /// <summary>The cause alone: <c>faulted</c>, <c>unavailable</c>, <c>station_faulted</c> or <c>station_unavailable</c>.</summary>
    public static string Cause(bool station, ConnectorStatus status) => s_causes[IndexOf(station, status)];

    /// <summary>The cause followed by <c>:</c> and the error code's name, or the cause alone when there is no error.</summary>
    public static string Of(bool station, ConnectorStatus status, ErrorCode error) =>
        ErrorName(error) is null ? Cause(station, status) : s_withError[IndexOf(station, status)][(byte)error];

    /// <summary>The error code's name as evidence gives it; null for none.</summary>
    public static string? ErrorName(ErrorCode error) =>
        error is ErrorCode.None or ErrorCode.NoError ? null : EnumText<ErrorCode>.Of(error);

    private static int IndexOf(bool station, ConnectorStatus status) => (station ? 2 : 0) + (status == ConnectorStatus.Faulted ? 1 : 0);

    private static string[][] Build()
    {
        var table = new string[s_causes.Length][];
        for (var k = 0; k < s_causes.Length; k++)
        {
            table[k] = new string[byte.MaxValue + 1];
            for (var e = 0; e <= byte.MaxValue; e++)
            {
                table[k][e] = s_causes[k] + ":" + EnumText<ErrorCode>.Of((ErrorCode)e);
            }
        }

        return table;
    }
}
