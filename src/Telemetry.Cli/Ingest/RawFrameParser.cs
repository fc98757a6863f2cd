using System.Diagnostics.CodeAnalysis;
using Confluent.Kafka;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tap;
using Telemetry.Ocpp.Text;

namespace Telemetry.Cli.Ingest;

/// <summary>
/// Parses the messages of one partition of the raw-frame topic (docs/contracts.md "Raw-frame
/// topic"): a value starting with <c>{</c> is a tap record (DESIGN §2.1); otherwise it is a bare
/// OCPP-J frame whose charge point id is the message key, direction the header <c>dir</c>
/// (<c>rx</c> when absent) and event time the header <c>ts</c> (RFC 3339), else the message
/// timestamp. One instance per source partition: the pending-CALL table and the connection
/// versions follow the partition's order, in which each charger's frames arrive (the topic is
/// keyed by charger).
/// </summary>
internal sealed class RawFrameParser
{
    private const int PendingCallCapacity = 100_000;
    private const string DirectionHeader = "dir";
    private const string TimestampHeader = "ts";
    private const byte ObjectStart = (byte)'{';
    private static readonly TimeSpan s_pendingCallExpiry = TimeSpan.FromMinutes(5);

    private readonly ChargerRegistry _chargers;
    private readonly TapRecordParser _records;
    private readonly OcppFrameParser _frames;
    private readonly int _maxRecordBytes;
    private OcppVersion[] _versions = new OcppVersion[256];

    public RawFrameParser(ChargerRegistry chargers, TextCodeRegistry textCodes, TapReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _chargers = chargers;
        var pending = new PendingCalls(PendingCallCapacity, s_pendingCallExpiry);
        _records = new TapRecordParser(chargers, pending, textCodes);
        _frames = new OcppFrameParser(pending, textCodes);
        _maxRecordBytes = options.MaxRecordBytes;
    }

    /// <summary>Hands the message's events, or its one rejection, to <paramref name="handler"/>.</summary>
    public void Parse<THandler>(Message<byte[], byte[]> message, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        ArgumentNullException.ThrowIfNull(message);
        var value = message.Value.AsSpan();
        if (value.Length > _maxRecordBytes)
        {
            handler.OnRejected(RejectReason.RecordTooLarge, 1, 0, value[.._maxRecordBytes]);
            return;
        }

        var content = value.Trim(" \t\r\n"u8);
        try
        {
            if (!content.IsEmpty && content[0] == ObjectStart)
            {
                _records.Parse(content, ref handler);
            }
            else
            {
                ParseFrame(content, message, ref handler);
            }
        }
        catch (MalformedRecordException e)
        {
            handler.OnRejected(e.Reason, 1, 0, value);
        }
    }

    private void ParseFrame<THandler>(ReadOnlySpan<byte> frame, Message<byte[], byte[]> message, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        var fromCharger = true;
        if (message.Headers is { } headers && headers.TryGetLastBytes(DirectionHeader, out var dir))
        {
            fromCharger = dir.AsSpan().SequenceEqual("rx"u8);
            if (!fromCharger && !dir.AsSpan().SequenceEqual("tx"u8))
            {
                Reject(RejectReason.InvalidDirection);
            }
        }

        long timestampMs;
        if (message.Headers is { } timed && timed.TryGetLastBytes(TimestampHeader, out var ts))
        {
            if (!Rfc3339.TryParseUnixMs(ts, out timestampMs))
            {
                Reject(RejectReason.InvalidTimestamp);
            }
        }
        else if (message.Timestamp.Type != TimestampType.NotAvailable)
        {
            timestampMs = message.Timestamp.UnixTimestampMs;
        }
        else
        {
            timestampMs = 0;
            Reject(RejectReason.MissingTimestamp);
        }

        var key = message.Key.AsSpan();
        if (key.IsEmpty)
        {
            Reject(RejectReason.MissingChargePoint);
        }

        var charger = _chargers.Intern(key);
        if (charger < 0)
        {
            Reject(RejectReason.InvalidChargePoint);
        }

        if (charger >= _versions.Length)
        {
            Array.Resize(ref _versions, Math.Max(_versions.Length * 2, charger + 1));
        }

        _versions[charger] = _frames.Parse(frame, new FrameContext(timestampMs, charger, fromCharger, _versions[charger]), ref handler);
    }

    /// <summary>Cold path: the one catch site in <see cref="Parse"/> turns this into a dead letter.</summary>
    [DoesNotReturn]
    private static void Reject(RejectReason reason) => throw new MalformedRecordException(reason);
}
