using Telemetry.Kafka.Frames;

namespace Telemetry.Cli.Processing;

/// <summary>
/// For one partition of <c>telemetry.events</c>: the last applied <see cref="SourcePosition"/> of
/// each raw-frame source partition (topic and partition) whose events reach it. Ingest produces
/// a raw partition's events in order, so within an events partition they arrive in growing
/// position order, and one at or before the last applied position is a re-delivered copy.
/// </summary>
/// <remarks>A few sources per partition (one per raw partition): a list searched linearly, no allocation per event.</remarks>
internal sealed class AppliedSources
{
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

    private sealed class Source(byte[] topic, int partition)
    {
        public byte[] Topic { get; } = topic;

        public int Partition { get; } = partition;

        public SourcePosition Last { get; set; }
    }
}
