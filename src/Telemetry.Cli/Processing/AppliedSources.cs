using Telemetry.Engine.Checkpoints;
using Telemetry.Kafka.Frames;

namespace Telemetry.Cli.Processing;

/// <summary>
/// For one partition of <c>telemetry.events</c>: the last applied <see cref="SourcePosition"/> of
/// each raw-frame source partition (topic and partition) whose events reach it. Ingest produces
/// a raw partition's events in order, so within an events partition they arrive in growing
/// position order, and one at or before the last applied position is a re-delivered copy.
/// </summary>
/// <remarks>A few sources per partition (one per raw partition): a list searched linearly, no allocation per event.</remarks>
internal sealed class AppliedSources : ICheckpointState
{
    private const ushort FormatVersion = 1;

    private readonly List<Source> _sources = [];

    /// <summary>Sources seen.</summary>
    public int Count => _sources.Count;

    /// <summary>
    /// True when the event with this source header was applied already; otherwise records its
    /// position as applied and returns false. Events without a header are never repeats.
    /// </summary>
    public bool IsRepeat(ReadOnlySpan<byte> header)
    {
        if (!SourcePosition.TryRead(header, out var position, out var topic))
        {
            return false;
        }

        foreach (var source in _sources)
        {
            if (source.Partition == position.Partition && topic.SequenceEqual(source.Topic))
            {
                if (!position.IsAfter(source.Last))
                {
                    return true;
                }

                source.Last = position;
                return false;
            }
        }

        _sources.Add(new Source(topic.ToArray(), position.Partition) { Last = position });
        return false;
    }

    /// <summary>Writes each source's topic, partition and last applied position: a restored partition judges repeats as before.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        writer.Header(CheckpointSection.AppliedSources, FormatVersion);
        writer.Count(_sources.Count);
        foreach (var source in _sources)
        {
            writer.Text(source.Topic);
            writer.Count(source.Partition);
            writer.Value(source.Last.Offset);
            writer.Count(source.Last.Index);
        }
    }

    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        reader.Header(CheckpointSection.AppliedSources, FormatVersion);
        var count = reader.Count((sizeof(int) * 3) + sizeof(long));
        for (var i = 0; i < count; i++)
        {
            var topic = reader.Text().ToArray();
            var partition = reader.Count();
            var offset = reader.Value();
            _sources.Add(new Source(topic, partition) { Last = new SourcePosition(partition, offset, reader.Count()) });
        }
    }

    private sealed class Source(byte[] topic, int partition)
    {
        public byte[] Topic { get; } = topic;

        public int Partition { get; } = partition;

        public SourcePosition Last { get; set; }
    }
}
