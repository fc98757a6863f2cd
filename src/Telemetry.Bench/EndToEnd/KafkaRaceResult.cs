namespace Telemetry.Bench.EndToEnd;

/// <summary>
/// The Kafka race: each line summed over the measured rounds (bare consumer first), and the
/// per-round ratios of the engine's lines to the bare consumer of the same round.
/// </summary>
public sealed record KafkaRaceResult(IReadOnlyList<KafkaLineFigure> Lines, RatioSpread Engine, RatioSpread EnginePerPartition);
