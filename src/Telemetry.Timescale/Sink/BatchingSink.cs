using System.Threading.Channels;

namespace Telemetry.Timescale.Sink;

/// <summary>
/// Cuts the rows a consumer produces into batches by count or age and writes them through an
/// <see cref="ExactlyOnceSink"/> in the background, in order, with bounded memory.
/// </summary>
/// <remarks>
/// <para>
/// The consumer loop fills <see cref="Batch"/> (rows, and the offset after the last record they
/// account for) and calls <see cref="CommitIfDueAsync"/> after each poll. A due batch is handed
/// to a queue of at most <see cref="SinkOptions.MaxPendingBatches"/>; when the queue is full the
/// call waits, so the consumer stops polling while the database is slow or down
/// (back-pressure). Memory stays within <see cref="SinkOptions.MaxBatchRows"/> ×
/// (<see cref="SinkOptions.MaxPendingBatches"/> + 2) rows.
/// </para>
/// <para>
/// When a batch cannot be written (retries exhausted, or a permanent error) the sink stops: that
/// batch and every later one are dropped uncommitted, and every further call throws. The caller
/// must then stop, and resume (after a restart) from <see cref="ExactlyOnceSink.ReadOffsetsAsync"/>;
/// because offsets commit with their rows, nothing is lost and nothing doubled.
/// </para>
/// <para>One producer: <see cref="Batch"/>, <see cref="CommitIfDueAsync"/> and <see cref="FlushAsync"/> are called from one loop.</para>
/// </remarks>
public sealed class BatchingSink : IAsyncDisposable
{
    private readonly ExactlyOnceSink _sink;
    private readonly SinkOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<PendingBatch> _pending;
    private readonly Task _writer;
    private long _openedAt = -1;
    private Task _lastHandedOver = Task.CompletedTask;
    private volatile Exception? _failure;
    private long _rowsChanged;
    private long _batchesWritten;

    public BatchingSink(ExactlyOnceSink sink, SinkOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(sink);
        options ??= new SinkOptions();
        options.Validate();
        _sink = sink;
        _options = options;
        _time = time ?? TimeProvider.System;
        _pending = Channel.CreateBounded<PendingBatch>(new BoundedChannelOptions(options.MaxPendingBatches)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = WriteLoopAsync();
    }

    /// <summary>The open batch: add rows and offsets here. Replaced by a new one when handed over.</summary>
    public SinkBatch Batch { get; private set; } = new();

    /// <summary>Batches handed over and not yet taken by the writer.</summary>
    public int PendingBatches => _pending.Reader.Count;

    /// <summary>Rows inserted or changed by the batches written so far.</summary>
    public long RowsChanged => Interlocked.Read(ref _rowsChanged);

    /// <summary>Batches committed (or found committed already) so far.</summary>
    public long BatchesWritten => Interlocked.Read(ref _batchesWritten);

    /// <summary>
    /// Hands the open batch over when it holds <see cref="SinkOptions.MaxBatchRows"/> rows, or
    /// when <see cref="SinkOptions.MaxBatchAge"/> has passed since a call first found it
    /// non-empty; waits while the queue is full.
    /// </summary>
    /// <returns>True when the batch was handed over.</returns>
    /// <exception cref="SinkUnavailableException">An earlier batch could not be written; the sink has stopped.</exception>
    public async ValueTask<bool> CommitIfDueAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        if (Batch.IsEmpty)
        {
            return false;
        }

        var now = _time.GetTimestamp();
        if (_openedAt < 0)
        {
            _openedAt = now;
        }

        if (Batch.RowCount < _options.MaxBatchRows && _time.GetElapsedTime(_openedAt, now) < _options.MaxBatchAge)
        {
            return false;
        }

        await HandOverAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Hands the open batch over, whatever its size, and waits until every batch handed over is written.</summary>
    /// <exception cref="SinkUnavailableException">A batch could not be written; the sink has stopped.</exception>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        if (!Batch.IsEmpty)
        {
            await HandOverAsync(cancellationToken).ConfigureAwait(false);
        }

        await _lastHandedOver.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the batches handed over, then stops; the open batch is not written (call <see cref="FlushAsync"/> first).</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task HandOverAsync(CancellationToken cancellationToken)
    {
        var pending = new PendingBatch(Batch);
        try
        {
            await _pending.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            ThrowIfFailed();
            throw;
        }

        // Only now: a hand-over cancelled while the queue was full leaves the batch open, so a
        // later flush still commits its rows and offsets.
        Batch = new SinkBatch();
        _openedAt = -1;
        _lastHandedOver = pending.Written.Task;
    }

    private async Task WriteLoopAsync()
    {
        // Leave the constructor before the first await, whatever the synchronisation context.
        await Task.Yield();
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (_pending.Reader.TryRead(out var pending))
            {
                try
                {
                    var result = await _sink.WriteAsync(pending.Batch).ConfigureAwait(false);
                    Interlocked.Add(ref _rowsChanged, result.RowsChanged);
                    Interlocked.Increment(ref _batchesWritten);
                    pending.Written.SetResult();
                }
                catch (Exception e)
                {
                    Fail(pending, e);
                    return;
                }
            }
        }
    }

    /// <summary>Stops the sink: the failed batch and all queued after it are dropped, uncommitted.</summary>
    private void Fail(PendingBatch failed, Exception error)
    {
        var failure = error as SinkUnavailableException
            ?? new SinkUnavailableException("A batch could not be written; nothing of it was committed: " + error.Message, error);
        _failure = failure;
        _pending.Writer.TryComplete(failure);
        failed.Written.SetException(failure);
        while (_pending.Reader.TryRead(out var dropped))
        {
            dropped.Written.SetException(failure);
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new SinkUnavailableException("The sink has stopped after a failed batch: " + failure.Message, failure);
        }
    }
}
