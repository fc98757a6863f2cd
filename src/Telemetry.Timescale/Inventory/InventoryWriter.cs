using Npgsql;
using NpgsqlTypes;
using Telemetry.Engine.Inventory;

namespace Telemetry.Timescale.Inventory;

/// <summary>
/// Upserts the operator's inventory into <c>inventory</c> (site exclusions and reports read it):
/// every entry given, decommissioned ones included; an entry stored already with the same values
/// is not rewritten, and entries absent from the input are kept.
/// </summary>
public static class InventoryWriter
{
    private const string UpsertSql = """
        INSERT INTO inventory AS i (cp, site, vendor, model, firmware, connectors, commissioned, decommissioned, rated_kw, updated_at)
        SELECT *, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::timestamptz[], $8::timestamptz[], $9::double precision[])
        ON CONFLICT (cp) DO UPDATE
        SET site = EXCLUDED.site, vendor = EXCLUDED.vendor, model = EXCLUDED.model, firmware = EXCLUDED.firmware,
            connectors = EXCLUDED.connectors, commissioned = EXCLUDED.commissioned, decommissioned = EXCLUDED.decommissioned,
            rated_kw = EXCLUDED.rated_kw, updated_at = now()
        WHERE (i.site, i.vendor, i.model, i.firmware, i.connectors, i.commissioned, i.decommissioned, i.rated_kw)
              IS DISTINCT FROM (EXCLUDED.site, EXCLUDED.vendor, EXCLUDED.model, EXCLUDED.firmware, EXCLUDED.connectors, EXCLUDED.commissioned, EXCLUDED.decommissioned, EXCLUDED.rated_kw)
        """;

    /// <returns>Rows inserted or changed.</returns>
    public static async Task<long> UpsertAsync(NpgsqlDataSource dataSource, IEnumerable<ChargerInfo> chargers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(chargers);
        var entries = chargers as IReadOnlyCollection<ChargerInfo> ?? [.. chargers];
        if (entries.Count == 0)
        {
            return 0;
        }

        var cp = new string[entries.Count];
        var site = new string[entries.Count];
        var vendor = new string?[entries.Count];
        var model = new string?[entries.Count];
        var firmware = new string?[entries.Count];
        var connectors = new int?[entries.Count];
        var commissioned = new DateTime?[entries.Count];
        var decommissioned = new DateTime?[entries.Count];
        var ratedKw = new double?[entries.Count];
        var i = 0;
        foreach (var charger in entries)
        {
            cp[i] = charger.ChargePoint;
            site[i] = charger.Site;
            vendor[i] = charger.Vendor;
            model[i] = charger.Model;
            firmware[i] = charger.Firmware;
            connectors[i] = charger.Connectors;
            commissioned[i] = charger.Commissioned?.UtcDateTime;
            decommissioned[i] = charger.Decommissioned?.UtcDateTime;
            ratedKw[i++] = charger.RatedKw;
        }

        var command = dataSource.CreateCommand(UpsertSql);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = cp, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = site, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = vendor, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = model, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string?[]> { TypedValue = firmware, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<int?[]> { TypedValue = connectors, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = commissioned, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = decommissioned, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter<double?[]> { TypedValue = ratedKw, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Double });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
