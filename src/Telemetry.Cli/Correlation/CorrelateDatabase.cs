using Npgsql;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// Where <c>telemetry correlate --timescale</c> also stores the incidents and commands it emits:
/// a migrated database and how its sink batches and retries (<c>Timescale:Sink</c>).
/// </summary>
internal sealed record CorrelateDatabase(NpgsqlDataSource DataSource, SinkOptions Sink);
