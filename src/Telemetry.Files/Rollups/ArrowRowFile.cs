using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Telemetry.Files.Rollups;

/// <summary>
/// An Apache Arrow IPC file written in record batches of a bounded number of rows, so memory does
/// not grow with the input. A subclass turns a run of rows into one record batch.
/// </summary>
public abstract class ArrowRowFile<TRow> : IDisposable
    where TRow : struct
{
    public const int DefaultBatchRows = 64 * 1024;

    private readonly FileStream _stream;
    private readonly ArrowFileWriter _writer;
    private readonly TRow[] _pending;
    private int _count;

    protected ArrowRowFile(string path, Schema schema, int batchRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        _pending = new TRow[batchRows];
        _stream = File.Create(path);
        _writer = new ArrowFileWriter(_stream, schema);
        // The header goes out now so that a partition with no rows still leaves a valid, empty file.
        _writer.WriteStart();
    }

    public long Rows { get; private set; }

    public void Add(in TRow row)
    {
        _pending[_count++] = row;
        if (_count == _pending.Length)
        {
            WriteBatch();
        }
    }

    /// <summary>Writes what is pending and the file footer.</summary>
    public void Complete()
    {
        if (_count > 0)
        {
            WriteBatch();
        }

        _writer.WriteEnd();
    }

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Dispose();
            _stream.Dispose();
        }
    }

    /// <summary>One record batch of <paramref name="rows"/>, in the file's schema.</summary>
    protected abstract RecordBatch BuildBatch(ReadOnlySpan<TRow> rows);

    private void WriteBatch()
    {
        using var batch = BuildBatch(_pending.AsSpan(0, _count));
        _writer.WriteRecordBatch(batch);
        Rows += _count;
        _count = 0;
    }
}
