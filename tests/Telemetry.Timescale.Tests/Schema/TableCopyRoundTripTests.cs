using Npgsql;
using NpgsqlTypes;
using Telemetry.Testing;
using Telemetry.Timescale.Migrations;

namespace Telemetry.Timescale.Tests.Schema;

/// <summary>
/// Binary COPY into the tables the sink does not write yet, with the types their writers will
/// send, and back: every column keeps its value.
/// </summary>
public class TableCopyRoundTripTests : IAsyncLifetime
{
    private static readonly DateTime s_time = new(2025, 3, 1, 12, 30, 15, 250, DateTimeKind.Utc);

    private ThrowawayDatabase _db = null!;

    public static TheoryData<string> Tables => ["incidents", "incident_events", "commands", "inventory", "exclusions", "consumer_offsets", "detector_checkpoints"];

    public async Task InitializeAsync()
    {
        _db = await ThrowawayDatabase.CreateAsync();
        await new MigrationRunner(_db.DataSource).RunAsync();
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [MemberData(nameof(Tables))]
    public async Task Copy_RoundTripsEveryColumn(string table)
    {
        var columns = Columns(table);
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
        await using (var importer = await connection.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)"))
        {
            await importer.StartRowAsync();
            foreach (var (_, type, value) in columns)
            {
                if (value is null)
                {
                    await importer.WriteNullAsync();
                }
                else
                {
                    await importer.WriteAsync(value, type);
                }
            }

            await importer.CompleteAsync();
        }

        await using var command = _db.DataSource.CreateCommand($"SELECT {string.Join(", ", columns.Select(c => c.Name))} FROM {table}");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        for (var i = 0; i < columns.Length; i++)
        {
            Assert.Equal(columns[i].Value ?? DBNull.Value, reader.GetValue(i));
        }

        Assert.False(await reader.ReadAsync());
    }

    private static (string Name, NpgsqlDbType Type, object? Value)[] Columns(string table) => table switch
    {
        "incidents" =>
        [
            ("incident_id", NpgsqlDbType.Text, "inc-1"), ("opened_at", NpgsqlDbType.TimestampTz, s_time),
            ("updated_at", NpgsqlDbType.TimestampTz, s_time.AddMinutes(5)), ("resolved_at", NpgsqlDbType.TimestampTz, null),
            ("status", NpgsqlDbType.Text, "escalated"), ("scope", NpgsqlDbType.Text, "site"), ("cause", NpgsqlDbType.Text, "power"),
            ("recovery", NpgsqlDbType.Text, "field"), ("owner", NpgsqlDbType.Text, "techops"), ("cp", NpgsqlDbType.Text, null),
            ("site", NpgsqlDbType.Text, "Zürich-Nord"),
        ],
        "incident_events" =>
        [
            ("id", NpgsqlDbType.Text, "evt-7"), ("type", NpgsqlDbType.Text, "uptime.incident.escalated"), ("time", NpgsqlDbType.TimestampTz, s_time),
            ("incident_id", NpgsqlDbType.Text, "inc-1"), ("scope", NpgsqlDbType.Text, "charger"), ("cause", NpgsqlDbType.Text, "comms"),
            ("recovery", NpgsqlDbType.Text, "remote"), ("owner", NpgsqlDbType.Text, "frontline"),
            ("data", NpgsqlDbType.Jsonb, """{"cp": "CP-1", "answers": {"repeats_7d": 2}, "incident": "inc-1"}"""),
        ],
        "commands" =>
        [
            ("idempotency_key", NpgsqlDbType.Text, "cmd-1"), ("time", NpgsqlDbType.TimestampTz, s_time), ("cp", NpgsqlDbType.Text, "CP-1"),
            ("port", NpgsqlDbType.Smallint, (short)2), ("action", NpgsqlDbType.Text, "Reset"), ("guardrail", NpgsqlDbType.Text, "idle"),
            ("incident_id", NpgsqlDbType.Text, "inc-1"), ("payload", NpgsqlDbType.Jsonb, """{"type": "Soft"}"""),
        ],
        "inventory" =>
        [
            ("cp", NpgsqlDbType.Text, "CP-1"), ("site", NpgsqlDbType.Text, "S-1"), ("vendor", NpgsqlDbType.Text, "ABB"),
            ("model", NpgsqlDbType.Text, "Terra 184"), ("firmware", NpgsqlDbType.Text, "1.8.3"), ("connectors", NpgsqlDbType.Integer, 2),
            ("commissioned", NpgsqlDbType.TimestampTz, s_time.AddYears(-2)), ("decommissioned", NpgsqlDbType.TimestampTz, null),
            ("updated_at", NpgsqlDbType.TimestampTz, s_time),
        ],
        "exclusions" =>
        [
            ("scope", NpgsqlDbType.Text, "port"), ("cp", NpgsqlDbType.Text, "CP-1"), ("port", NpgsqlDbType.Smallint, (short)1),
            ("site", NpgsqlDbType.Text, null), ("from_time", NpgsqlDbType.TimestampTz, s_time), ("to_time", NpgsqlDbType.TimestampTz, s_time.AddHours(3)),
            ("reason", NpgsqlDbType.Text, "vandalism"), ("note", NpgsqlDbType.Text, "cable cut"),
        ],
        "consumer_offsets" =>
        [
            ("group_id", NpgsqlDbType.Text, "g"), ("topic", NpgsqlDbType.Text, "telemetry.events"), ("partition", NpgsqlDbType.Integer, 7),
            ("next_offset", NpgsqlDbType.Bigint, 9_876_543_210L), ("updated_at", NpgsqlDbType.TimestampTz, s_time),
        ],
        "detector_checkpoints" =>
        [
            ("group_id", NpgsqlDbType.Text, "g"), ("topic", NpgsqlDbType.Text, "telemetry.events"), ("partition", NpgsqlDbType.Integer, 3),
            ("\"offset\"", NpgsqlDbType.Bigint, 42L), ("format_version", NpgsqlDbType.Integer, 2),
            ("state", NpgsqlDbType.Bytea, new byte[] { 0, 1, 2, 255, 128 }), ("taken_at", NpgsqlDbType.TimestampTz, s_time),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
    };
}
