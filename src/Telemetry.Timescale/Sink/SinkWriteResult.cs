namespace Telemetry.Timescale.Sink;

/// <summary>What writing one batch did.</summary>
/// <param name="RowsChanged">Rows inserted or changed; rows stored already with the same values are not counted.</param>
/// <param name="Attempts">Tries it took, 1 when the first one committed.</param>
/// <param name="AlreadyApplied">
/// True when the database's offsets were at or past every offset of the batch, so the batch was
/// written before and nothing was done.
/// </param>
public readonly record struct SinkWriteResult(long RowsChanged, int Attempts, bool AlreadyApplied);
