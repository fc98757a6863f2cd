using System.Text.Json;
using Npgsql;
using Telemetry.Decide.Incidents;
using Telemetry.Decide.Recovery;
using Telemetry.Files.Incidents;
using Telemetry.Ocpp.Events;
using Telemetry.Timescale.Migrations;
using Telemetry.Timescale.Sink;

namespace Telemetry.Timescale.Tests.Sink;

/// <summary>
/// Incidents, their events and commands through the exactly-once sink, on each kind of database
/// (<see cref="PostgresDecisionSinkTests"/>, <see cref="TimescaleDecisionSinkTests"/>).
/// </summary>
public abstract class DecisionSinkTests : IAsyncLifetime
{
    private const string Group = "correlator";
    private const string Topic = "uptime.signals";
    private const long MinuteMs = 60_000;

    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _dataSource = await OpenAsync();
        await new MigrationRunner(_dataSource).RunAsync();
    }

    public Task DisposeAsync() => CloseAsync();

    /// <summary>A fresh, empty database.</summary>
    protected abstract Task<NpgsqlDataSource> OpenAsync();

    protected abstract Task CloseAsync();

    [Fact]
    public async Task WriteAsync_StoresEveryEventAndTheLatestState_WhenBatchHoldsAnIncidentsLife()
    {
        var opened = DecisionRecords.Incident("INC-1", 1, IncidentState.Opened, DecisionRecords.StartMs);
        var escalated = DecisionRecords.Incident("INC-1", 2, IncidentState.Escalated, DecisionRecords.StartMs + (5 * MinuteMs), Decide.Policy.Owner.Field);
        var resolved = DecisionRecords.Incident("INC-1", 3, IncidentState.Resolved, DecisionRecords.StartMs + (9 * MinuteMs), Decide.Policy.Owner.Field);
        var other = DecisionRecords.Incident("INC-2", 1, IncidentState.Opened, DecisionRecords.StartMs + MinuteMs, chargePoint: null);
        var batch = new SinkBatch();
        batch.Incidents.AddRange([opened, other, escalated, resolved]);

        await Sink().WriteAsync(batch);

        var events = await IncidentEventsAsync();
        Assert.Equal(4, events.Count);
        foreach (var record in batch.Incidents)
        {
            var line = JsonDocument.Parse(ToJson(record)).RootElement;
            var stored = events[record.EventId];
            Assert.Equal(line.GetProperty("type").GetString(), stored.Type);
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(record.TimestampMs), stored.Time);
            Assert.True(JsonElement.DeepEquals(line.GetProperty("data"), JsonDocument.Parse(stored.Data).RootElement));
        }

        var incidents = await IncidentsAsync();
        Assert.Equal(2, incidents.Count);
        var first = incidents["INC-1"];
        Assert.Equal(At(0), first.OpenedAt);
        Assert.Equal(At(9), first.UpdatedAt);
        Assert.Equal(At(9), first.ResolvedAt);
        Assert.Equal(("resolved", "connector", "connector", "remote", "field", "CP-1", "S-1"), (first.Status, first.Scope, first.Cause, first.Recovery, first.Owner, first.ChargePoint, first.Site));
        var second = incidents["INC-2"];
        Assert.Equal((At(1), At(1), (DateTimeOffset?)null, "opened", "site", (string?)null), (second.OpenedAt, second.UpdatedAt, second.ResolvedAt, second.Status, second.Scope, second.ChargePoint));
    }

    [Fact]
    public async Task WriteAsync_KeepsOpenedAtAndTheNewerState_WhenIncidentGoesOnInLaterBatches()
    {
        var sink = Sink();
        var firstBatch = new SinkBatch();
        firstBatch.Incidents.Add(DecisionRecords.Incident("INC-7", 1, IncidentState.Opened, DecisionRecords.StartMs));
        var secondBatch = new SinkBatch();
        secondBatch.Incidents.Add(DecisionRecords.Incident("INC-7", 2, IncidentState.RecoveryRequested, DecisionRecords.StartMs + (3 * MinuteMs)));
        await sink.WriteAsync(firstBatch);
        await sink.WriteAsync(secondBatch);

        // The first batch again, without offsets to skip it: its older state must not win.
        await sink.WriteAsync(firstBatch);

        var incident = Assert.Single(await IncidentsAsync()).Value;
        Assert.Equal((At(0), At(3), "recovery_requested"), (incident.OpenedAt, incident.UpdatedAt, incident.Status));
        Assert.Equal(2, (await IncidentEventsAsync()).Count);
    }

    [Fact]
    public async Task WriteAsync_KeepsOneRowPerKeyWithTheLatestRecord_WhenCommandOutcomeFollows()
    {
        var requested = DecisionRecords.Command("K-1", "INC-1", CommandOutcome.Requested, DecisionRecords.StartMs, DecisionRecords.StartMs);
        var accepted = DecisionRecords.Command("K-1", "INC-1", CommandOutcome.Accepted, DecisionRecords.StartMs + 2_000, DecisionRecords.StartMs, recovered: true);
        var portless = DecisionRecords.Command("K-2", "INC-2", CommandOutcome.Requested, DecisionRecords.StartMs + MinuteMs, DecisionRecords.StartMs + MinuteMs, connector: null);
        var batch = new SinkBatch();
        batch.Commands.AddRange([requested, portless, accepted]);

        await Sink().WriteAsync(batch);

        var commands = await CommandsAsync();
        Assert.Equal(2, commands.Count);
        var reset = commands["K-1"];
        Assert.Equal((At(0), "CP-1", (short?)1, "Reset", "reset_budget", "INC-1"), (reset.Time, reset.ChargePoint, reset.Port, reset.Action, reset.Guardrail, reset.Incident));
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(ToJson(accepted)).RootElement, JsonDocument.Parse(reset.Payload).RootElement));
        Assert.Equal("accepted", JsonDocument.Parse(reset.Payload).RootElement.GetProperty("status").GetString());
        Assert.Null(commands["K-2"].Port);
    }

    [Fact]
    public async Task WriteAsync_ChangesNoRow_WhenTheSameDecisionsComeWithLaterOffsets()
    {
        var batch = new SinkBatch();
        batch.Incidents.Add(DecisionRecords.Incident("INC-3", 1, IncidentState.Opened, DecisionRecords.StartMs));
        batch.Incidents.Add(DecisionRecords.Incident("INC-3", 2, IncidentState.Resolved, DecisionRecords.StartMs + MinuteMs));
        batch.Commands.Add(DecisionRecords.Command("K-3", "INC-3", CommandOutcome.Requested, DecisionRecords.StartMs, DecisionRecords.StartMs));
        batch.AdvanceOffset(Topic, 0, 10);
        var sink = Sink();
        var first = await sink.WriteAsync(batch);
        batch.AdvanceOffset(Topic, 0, 20);

        var again = await sink.WriteAsync(batch);

        // Two events, one incident state, one command.
        Assert.Equal(4, first.RowsChanged);
        Assert.False(again.AlreadyApplied);
        Assert.Equal(0, again.RowsChanged);
    }

    private static DateTimeOffset At(int minutes) => DateTimeOffset.FromUnixTimeMilliseconds(DecisionRecords.StartMs + (minutes * MinuteMs));

    private static string ToJson(IncidentRecord record) => ToJson(writer => IncidentJsonWriter.Write(writer, record));

    private static string ToJson(CommandRecord record) => ToJson(writer => CommandJsonWriter.Write(writer, record));

    private static string ToJson(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private ExactlyOnceSink Sink() => new(_dataSource, Group, new ChargerRegistry());

    private async Task<Dictionary<string, (string Type, DateTimeOffset Time, string Data)>> IncidentEventsAsync()
    {
        var rows = new Dictionary<string, (string, DateTimeOffset, string)>();
        await using var command = _dataSource.CreateCommand("SELECT id, type, time, data::text FROM incident_events");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0), (reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return rows;
    }

    private async Task<Dictionary<string, StoredIncident>> IncidentsAsync()
    {
        var rows = new Dictionary<string, StoredIncident>();
        await using var command = _dataSource.CreateCommand(
            "SELECT incident_id, opened_at, updated_at, resolved_at, status, scope, cause, recovery, owner, cp, site FROM incidents");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0), new StoredIncident(
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7),
                reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return rows;
    }

    private async Task<Dictionary<string, StoredCommand>> CommandsAsync()
    {
        var rows = new Dictionary<string, StoredCommand>();
        await using var command = _dataSource.CreateCommand(
            "SELECT idempotency_key, time, cp, port, action, guardrail, incident_id, payload::text FROM commands");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0), new StoredCommand(
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt16(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetString(7)));
        }

        return rows;
    }

    private sealed record StoredIncident(
        DateTimeOffset OpenedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ResolvedAt, string Status, string Scope, string Cause,
        string Recovery, string Owner, string? ChargePoint, string? Site);

    private sealed record StoredCommand(DateTimeOffset Time, string ChargePoint, short? Port, string Action, string Guardrail, string Incident, string Payload);
}
