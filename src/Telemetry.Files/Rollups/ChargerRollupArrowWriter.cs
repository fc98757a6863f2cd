using Apache.Arrow;
using Apache.Arrow.Types;
using Telemetry.Engine.Rollups;
using Telemetry.Ocpp.Events;

namespace Telemetry.Files.Rollups;

/// <summary>
/// Writes 1-minute charger rollups to an Apache Arrow IPC file (DESIGN §2.3 <c>rollups/</c>), in
/// bounded record batches. Columns: minute (timestamp ms, UTC), cp, up_ms, down_ms, offline_ms,
/// unknown_ms, excluded_ms, status_changes, sessions_started, sessions_succeeded,
/// sessions_failed, energy_wh, peak_power_w, alarms_raised, boots_planned, boots_unplanned,
/// disconnects, unanswered_calls, health (docs/storage.md).
/// </summary>
public sealed class ChargerRollupArrowWriter : ArrowRowFile<ChargerMinute>
{
    private static readonly TimestampType s_minuteType = new(TimeUnit.Millisecond, "UTC");

    private static readonly string[] s_int32Columns =
    [
        "up_ms", "down_ms", "offline_ms", "unknown_ms", "excluded_ms", "status_changes", "sessions_started", "sessions_succeeded",
        "sessions_failed", "energy_wh", "peak_power_w", "alarms_raised", "boots_planned", "boots_unplanned", "disconnects", "unanswered_calls",
    ];

    private readonly ChargerRegistry _chargers;

    public ChargerRollupArrowWriter(string path, ChargerRegistry chargers, int batchRows = DefaultBatchRows)
        : base(path, Schema, batchRows)
    {
        _chargers = chargers;
    }

    public static Schema Schema { get; } = BuildSchema();

    private static Schema BuildSchema()
    {
        var builder = new Schema.Builder()
            .Field(f => f.Name("minute").DataType(s_minuteType).Nullable(false))
            .Field(f => f.Name("cp").DataType(StringType.Default).Nullable(false));
        foreach (var name in s_int32Columns)
        {
            builder.Field(f => f.Name(name).DataType(Int32Type.Default).Nullable(false));
        }

        return builder.Field(f => f.Name("health").DataType(UInt8Type.Default).Nullable(false)).Build();
    }

    /// <summary>The Int32 columns of one row, in <see cref="s_int32Columns"/> order.</summary>
    private static int Int32Column(in ChargerMinute m, int column) => column switch
    {
        0 => m.UpMs,
        1 => m.DownMs,
        2 => m.OfflineMs,
        3 => m.UnknownMs,
        4 => m.ExcludedMs,
        5 => m.StatusChanges,
        6 => m.SessionsStarted,
        7 => m.SessionsSucceeded,
        8 => m.SessionsFailed,
        9 => m.EnergyWh,
        10 => m.PeakPowerW,
        11 => m.AlarmsRaised,
        12 => m.BootsPlanned,
        13 => m.BootsUnplanned,
        14 => m.Disconnects,
        _ => m.UnansweredCalls,
    };

    protected override RecordBatch BuildBatch(ReadOnlySpan<ChargerMinute> rows)
    {
        var minute = new TimestampArray.Builder(s_minuteType);
        var cp = new StringArray.Builder();
        var numbers = new Int32Array.Builder[s_int32Columns.Length];
        for (var c = 0; c < numbers.Length; c++)
        {
            numbers[c] = new Int32Array.Builder();
        }

        var health = new UInt8Array.Builder();
        foreach (ref readonly var r in rows)
        {
            minute.Append(DateTimeOffset.FromUnixTimeMilliseconds(r.MinuteStartMs));
            cp.Append(_chargers.NameOf(r.Charger));
            for (var c = 0; c < numbers.Length; c++)
            {
                numbers[c].Append(Int32Column(r, c));
            }

            health.Append(r.Health);
        }

        var columns = new IArrowArray[2 + numbers.Length + 1];
        columns[0] = minute.Build();
        columns[1] = cp.Build();
        for (var c = 0; c < numbers.Length; c++)
        {
            columns[2 + c] = numbers[c].Build();
        }

        columns[^1] = health.Build();
        return new RecordBatch(Schema, columns, rows.Length);
    }
}
