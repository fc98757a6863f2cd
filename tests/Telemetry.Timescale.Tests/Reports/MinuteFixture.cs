using Telemetry.Testing;

namespace Telemetry.Timescale.Tests.Reports;

/// <summary>Writes hand-made connector minutes straight into the table the reports read.</summary>
internal static class MinuteFixture
{
    /// <summary>Every minute of [from, to) for the port: up, or down (offline when asked) where <paramref name="downFrom"/>..<paramref name="downTo"/> covers it.</summary>
    public static async Task InsertAsync(ThrowawayDatabase db, string cp, int port, string from, string to, string? downFrom = null, string? downTo = null)
    {
        await db.ExecuteAsync($"SELECT telemetry_ensure_partitions('connector_minute', '{from}', '{to}')");
        var down = downFrom is null ? "false" : $"m >= '{downFrom}' AND m < '{downTo}'";
        await db.ExecuteAsync($"""
            INSERT INTO connector_minute (minute, cp, port, up_ms, down_ms, offline_ms, unknown_ms)
            SELECT m, '{cp}', {port},
                   CASE WHEN {down} THEN 0 ELSE 60000 END,
                   CASE WHEN {down} THEN 60000 ELSE 0 END,
                   0, 0
            FROM generate_series(TIMESTAMPTZ '{from}', TIMESTAMPTZ '{to}' - INTERVAL '1 minute', INTERVAL '1 minute') AS m
            """);
    }
}
