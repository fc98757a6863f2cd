using Apache.Arrow;
using Apache.Arrow.Types;
using Telemetry.Engine.Availability;
using Telemetry.Ocpp.Events;

namespace Telemetry.Files.Rollups;

/// <summary>
/// Writes 1-minute connector rollups to an Apache Arrow IPC file (DESIGN §2.3 <c>rollups/</c>),
/// in record batches of a bounded size.
/// Columns: minute (timestamp ms, UTC), cp, port, up_ms, down_ms, offline_ms, unknown_ms,
/// excluded_ms, status_changes, sessions_started, sessions_succeeded, sessions_failed, energy_wh,
/// peak_power_w, alarms_raised, health (docs/storage.md).
/// </summary>
public sealed class RollupArrowWriter : ArrowRowFile<ConnectorRollup>
{
    private static readonly TimestampType s_minuteType = new(TimeUnit.Millisecond, "UTC");

    private readonly ChargerRegistry _chargers;

    public RollupArrowWriter(string path, ChargerRegistry chargers, int batchRows = DefaultBatchRows)
        : base(path, Schema, batchRows)
    {
        _chargers = chargers;
    }

    public static Schema Schema { get; } = new Schema.Builder()
        .Field(f => f.Name("minute").DataType(s_minuteType).Nullable(false))
        .Field(f => f.Name("cp").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("port").DataType(UInt16Type.Default).Nullable(false))
        .Field(f => f.Name("up_ms").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("down_ms").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("offline_ms").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("unknown_ms").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("excluded_ms").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("status_changes").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("sessions_started").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("sessions_succeeded").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("sessions_failed").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("energy_wh").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("peak_power_w").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("alarms_raised").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("health").DataType(UInt8Type.Default).Nullable(false))
        .Build();

    protected override RecordBatch BuildBatch(ReadOnlySpan<ConnectorRollup> rows)
    {
        var minute = new TimestampArray.Builder(s_minuteType);
        var cp = new StringArray.Builder();
        var port = new UInt16Array.Builder();
        var up = new Int32Array.Builder();
        var down = new Int32Array.Builder();
        var offline = new Int32Array.Builder();
        var unknown = new Int32Array.Builder();
        var excluded = new Int32Array.Builder();
        var statusChanges = new Int32Array.Builder();
        var started = new Int32Array.Builder();
        var succeeded = new Int32Array.Builder();
        var failed = new Int32Array.Builder();
        var energy = new Int32Array.Builder();
        var peak = new Int32Array.Builder();
        var alarms = new Int32Array.Builder();
        var health = new UInt8Array.Builder();
        foreach (ref readonly var r in rows)
        {
            minute.Append(DateTimeOffset.FromUnixTimeMilliseconds(r.MinuteStartMs));
            cp.Append(_chargers.NameOf(r.Charger));
            port.Append(r.Port);
            up.Append(r.UpMs);
            down.Append(r.DownMs);
            offline.Append(r.OfflineMs);
            unknown.Append(r.UnknownMs);
            excluded.Append(r.ExcludedMs);
            statusChanges.Append(r.StatusChanges);
            started.Append(r.SessionsStarted);
            succeeded.Append(r.SessionsSucceeded);
            failed.Append(r.SessionsFailed);
            energy.Append(r.EnergyWh);
            peak.Append(r.PeakPowerW);
            alarms.Append(r.AlarmsRaised);
            health.Append(r.Health);
        }

        IArrowArray[] columns =
        [
            minute.Build(), cp.Build(), port.Build(), up.Build(), down.Build(), offline.Build(), unknown.Build(),
            excluded.Build(), statusChanges.Build(), started.Build(), succeeded.Build(), failed.Build(), energy.Build(), peak.Build(),
            alarms.Build(), health.Build(),
        ];
        return new RecordBatch(Schema, columns, rows.Length);
    }
}
