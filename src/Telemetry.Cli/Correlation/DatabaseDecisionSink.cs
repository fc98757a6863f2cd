using Telemetry.Decide.Incidents;
using Telemetry.Decide.Recovery;
using Telemetry.Timescale.Sink;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// Passes the correlator's outputs on to <paramref name="inner"/> (Kafka) and also batches them
/// for the database tables <c>incidents</c>, <c>incident_events</c> and <c>commands</c>, written
/// by the same staging code as <c>telemetry replay --timescale</c>.
/// </summary>
/// <remarks>
/// The worker calls <see cref="Flush"/> before it commits its consumed offsets: every row emitted
/// before a commit (and so before a checkpoint, which follows a commit) is in the database by
/// then, and a restart re-emits the rest; writing a row again changes nothing. Memory is bounded
/// by the <see cref="BatchingSink"/>: a full batch is handed over at once, and handing over waits
/// while the database is behind. Once a write has failed the sink stays <see cref="Failed"/>.
/// </remarks>
internal sealed class DatabaseDecisionSink(IDecisionSink inner, BatchingSink batching) : IDecisionSink, IAsyncDisposable
{
    /// <summary>True once a batch could not be written: nothing may be committed after that.</summary>
    public bool Failed { get; private set; }

    public void OnIncident(IncidentRecord record)
    {
        inner.OnIncident(record);
        batching.Batch.Incidents.Add(record);
        CommitIfDue();
    }

    public void OnCommand(CommandRecord record)
    {
        inner.OnCommand(record);
        batching.Batch.Commands.Add(record);
        CommitIfDue();
    }

    /// <summary>Hands the open batch over when it is full or old enough (blocks while the queue of pending batches is full).</summary>
    /// <exception cref="SinkUnavailableException">A batch could not be written.</exception>
    public void CommitIfDue() => Guard(static b => b.CommitIfDueAsync().AsTask(), batching);

    /// <summary>Writes everything emitted so far and waits until it is committed to the database.</summary>
    /// <exception cref="SinkUnavailableException">A batch could not be written.</exception>
    public void Flush() => Guard(static b => b.FlushAsync(), batching);

    /// <summary>Waits for the batches handed over; the open batch is dropped (it was not flushed, so nothing after it is committed).</summary>
    public ValueTask DisposeAsync() => batching.DisposeAsync();

    private void Guard(Func<BatchingSink, Task> write, BatchingSink sink)
    {
        try
        {
            write(sink).GetAwaiter().GetResult();
        }
        catch (SinkUnavailableException)
        {
            Failed = true;
            throw;
        }
    }
}
