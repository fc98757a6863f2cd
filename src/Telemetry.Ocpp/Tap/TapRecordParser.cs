using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Unicode;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Text;

namespace Telemetry.Ocpp.Tap;

/// <summary>
/// Parses one complete tap record (DESIGN §2.1): a JSON object with <c>ts</c>, <c>cp</c> and
/// either <c>dir</c> + <c>msg</c> (an embedded OCPP-J frame) or <c>event</c>
/// (<c>connected</c> with an optional <c>proto</c>, or <c>disconnected</c>). Fields come in any
/// order: when <c>msg</c> comes after <c>ts</c>, <c>cp</c> and <c>dir</c>, as writers usually put
/// it, the frame is parsed in the same pass; otherwise it is skipped and parsed once they are known.
/// Keeps per-charger connection state (version) and the pending-CALL table.
/// </summary>
public sealed class TapRecordParser
{
    private const int MaxEscapedIdBytes = ChargerRegistry.MaxIdLength * 6;

    private readonly OcppFrameParser _frames;
    private readonly ChargePointIds _chargePoints;
    private readonly MinuteCache _minutes = new();
    private OcppVersion[] _versions = new OcppVersion[256];

    public TapRecordParser(ChargerRegistry chargers, PendingCalls pending)
        : this(chargers, pending, new TextCodeRegistry())
    {
    }

    public TapRecordParser(ChargerRegistry chargers, PendingCalls pending, TextCodeRegistry textCodes)
    {
        Chargers = chargers;
        _chargePoints = new ChargePointIds(chargers);
        _frames = new OcppFrameParser(pending, textCodes);
    }

    public ChargerRegistry Chargers { get; }

    /// <summary>The texts that events' <see cref="TelemetryEvent.TextCode"/> refer to.</summary>
    public TextCodeRegistry TextCodes => _frames.TextCodes;

    /// <summary>Events dropped because one frame gave more than <see cref="EventBuffer.Capacity"/>.</summary>
    public long DroppedEvents => _frames.DroppedEvents;

    /// <summary>CALLRESULT/CALLERROR frames that matched no pending CALL.</summary>
    public long UnmatchedResults => _frames.UnmatchedResults;

    /// <summary>Parses <paramref name="record"/>; throws <see cref="MalformedRecordException"/> when unusable.</summary>
    public void Parse<THandler>(ReadOnlySpan<byte> record, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        try
        {
            ParseRecord(record, ref handler);
        }
        catch (MalformedRecordException e) when (e.Reason != RejectReason.NotUtf8)
        {
            // The scanner checks UTF-8 only in the strings it reaches; a record refused before
            // that, or for a byte outside a string, is told NotUtf8 when it is not UTF-8 at all,
            // as a whole-record check up front would have said, at no cost to good records.
            if (!Utf8.IsValid(record))
            {
                ThrowHelper.ThrowMalformed(RejectReason.NotUtf8);
            }

            throw;
        }
    }

    // Out of line: inlined into Parse's try block, its locals would live on the stack.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ParseRecord<THandler>(ReadOnlySpan<byte> record, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        var valueStart = TapEnvelope.TryRead(record, _chargePoints, _minutes, out var timestampMs, out var charger, out var fromCharger);
        if (valueStart < 0)
        {
            ParseFields(record, ref handler);
            return;
        }

        var reader = JsonScanner.AtRootPropertyValue(record, valueStart);
        var frame = ReadFrame(ref reader, timestampMs, charger, fromCharger, ready: true);

        // Writers put msg last: then the record's closing brace is all that is left to read.
        if (!reader.TryReadRootEnd())
        {
            var fields = new RecordFields(timestampMs, charger, fromCharger, frame);
            ReadRemainingFields(ref reader, ref fields);
            Finish(record, fields, ref handler);
            return;
        }

        if (frame.HasEvent)
        {
            Emit(charger, ref handler);
        }
    }

    /// <summary>
    /// The general reader, for records whose head is not in the writers' layout: fields in any
    /// order, whitespace, escapes, connection events. Kept out of line so that the usual path
    /// stays small enough for its callees to be inlined.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ParseFields<THandler>(ReadOnlySpan<byte> record, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        var reader = new JsonScanner(record);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            ThrowHelper.ThrowMalformed(RejectReason.NotAnObject);
        }

        var fields = new RecordFields(0, -1, fromCharger: false, new FrameSpan(-1, -1, Parsed: false, HasEvent: false))
        {
            HasTimestamp = false,
            HasDirection = false,
        };
        ReadRemainingFields(ref reader, ref fields);
        Finish(record, fields, ref handler);
    }

    /// <summary>Reads the record's fields up to its end, after those already in <paramref name="fields"/>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReadRemainingFields(ref JsonScanner reader, ref RecordFields fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ts"u8))
            {
                var text = ReadString(ref reader, RejectReason.InvalidTimestamp);
                if (!_minutes.TryParseUnixMs(text, out fields.TimestampMs))
                {
                    ThrowHelper.ThrowMalformed(RejectReason.InvalidTimestamp);
                }

                fields.HasTimestamp = true;
            }
            else if (reader.ValueTextEquals("cp"u8))
            {
                fields.Charger = InternChargePoint(ref reader);
            }
            else if (reader.ValueTextEquals("dir"u8))
            {
                var dir = ReadString(ref reader, RejectReason.InvalidDirection);
                fields.FromCharger = dir.SequenceEqual("rx"u8);
                if (!fields.FromCharger && !dir.SequenceEqual("tx"u8))
                {
                    ThrowHelper.ThrowMalformed(RejectReason.InvalidDirection);
                }

                fields.HasDirection = true;
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                var name = ReadString(ref reader, RejectReason.UnknownConnectionEvent);
                fields.ConnectionEvent = name.SequenceEqual("connected"u8) ? EventKind.Connected
                    : name.SequenceEqual("disconnected"u8) ? EventKind.Disconnected
                    : ThrowHelper.ThrowMalformed<EventKind>(RejectReason.UnknownConnectionEvent);
            }
            else if (reader.ValueTextEquals("proto"u8))
            {
                fields.Protocol = OcppVocabulary.Protocol(ReadString(ref reader, RejectReason.InvalidPayload));
            }
            else if (reader.ValueTextEquals("msg"u8))
            {
                fields.Frame = ReadFrame(ref reader, fields.TimestampMs, fields.Charger, fields.FromCharger, fields.HasTimestamp && fields.Charger >= 0 && fields.HasDirection);
            }
            else
            {
                reader.Skip();
            }
        }

        // Nothing may follow the record's object on its line (a Read past it throws on junk).
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidJson);
        }
    }

    /// <summary>Checks that the fields read make a record, and emits its events.</summary>
    private void Finish<THandler>(ReadOnlySpan<byte> record, in RecordFields fields, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        if (!fields.HasTimestamp)
        {
            ThrowHelper.ThrowMalformed(RejectReason.MissingTimestamp);
        }

        var charger = fields.Charger;
        if (charger < 0)
        {
            ThrowHelper.ThrowMalformed(RejectReason.MissingChargePoint);
        }

        EnsureCapacity(charger);
        if (fields.ConnectionEvent != EventKind.Unknown)
        {
            EmitConnection(fields.ConnectionEvent, fields.TimestampMs, charger, fields.Protocol, ref handler);
            return;
        }

        var frame = fields.Frame;
        if (frame.Start < 0 || !fields.HasDirection)
        {
            ThrowHelper.ThrowMalformed(RejectReason.MissingMessage);
        }

        var hasFrameEvent = frame.HasEvent;
        if (!frame.Parsed)
        {
            var frameReader = new JsonScanner(record[frame.Start..frame.End]);
            frameReader.Read();
            hasFrameEvent = _frames.TryParse(ref frameReader, new FrameContext(fields.TimestampMs, charger, fields.FromCharger, _versions[charger]));
        }

        if (hasFrameEvent)
        {
            Emit(charger, ref handler);
        }
    }

    /// <summary>Hands the events of the frame just parsed to the handler; the last one's version becomes the connection's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Emit<THandler>(int charger, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        var frameEvents = _frames.Events;
        _versions[charger] = frameEvents[^1].Version;
        foreach (ref readonly var e in frameEvents)
        {
            handler.OnEvent(e);
        }
    }

    /// <summary>
    /// Reads the <c>msg</c> value the reader stands before: parses the frame when the head fields
    /// are known (<paramref name="ready"/>), as writers usually order them, else only finds where it is.
    /// </summary>
    private FrameSpan ReadFrame(ref JsonScanner reader, long timestampMs, int charger, bool fromCharger, bool ready)
    {
        reader.Read();
        var start = (int)reader.TokenStartIndex;
        if (!ready)
        {
            reader.Skip();
            return new FrameSpan(start, (int)reader.BytesConsumed, Parsed: false, HasEvent: false);
        }

        EnsureCapacity(charger);
        var hasEvent = _frames.TryParse(ref reader, new FrameContext(timestampMs, charger, fromCharger, _versions[charger]));
        return new FrameSpan(start, -1, Parsed: true, HasEvent: hasEvent);
    }

    private void EmitConnection<THandler>(EventKind kind, long timestampMs, int charger, OcppVersion protocol, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        // A new connection may speak another version (firmware update); without proto it is inferred again.
        if (kind == EventKind.Connected)
        {
            _versions[charger] = protocol;
        }

        handler.OnEvent(TelemetryEvent.Create(kind, timestampMs, charger, _versions[charger]));
    }

    private int InternChargePoint(ref JsonScanner reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidChargePoint);
        }

        int charger;
        if (!reader.ValueIsEscaped)
        {
            charger = _chargePoints.Intern(reader.ValueSpan);
        }
        else
        {
            charger = reader.ValueSpan.Length <= MaxEscapedIdBytes ? InternEscaped(ref reader) : -1;
        }

        return charger >= 0 ? charger : ThrowHelper.ThrowMalformed<int>(RejectReason.InvalidChargePoint);
    }

    private int InternEscaped(ref JsonScanner reader)
    {
        Span<byte> unescaped = stackalloc byte[MaxEscapedIdBytes];
        return _chargePoints.Intern(unescaped[..reader.CopyString(unescaped)]);
    }

    private void EnsureCapacity(int charger)
    {
        if (charger >= _versions.Length)
        {
            Array.Resize(ref _versions, Math.Max(_versions.Length * 2, charger + 1));
        }
    }

    private static ReadOnlySpan<byte> ReadString(ref JsonScanner reader, RejectReason reason)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            ThrowHelper.ThrowMalformed(reason);
        }

        return reader.ValueSpan;
    }

    /// <summary>Where a record's frame is, and whether it was parsed in the first pass (and gave events).</summary>
    private readonly record struct FrameSpan(int Start, int End, bool Parsed, bool HasEvent);

    /// <summary>What the general reader has found so far; a record read from the usual head starts with ts, cp and dir known.</summary>
    private struct RecordFields(long timestampMs, int charger, bool fromCharger, FrameSpan frame)
    {
        public long TimestampMs = timestampMs;
        public int Charger = charger;
        public bool FromCharger = fromCharger;
        public FrameSpan Frame = frame;
        public bool HasTimestamp = true;
        public bool HasDirection = true;
        public EventKind ConnectionEvent = EventKind.Unknown;
        public OcppVersion Protocol = OcppVersion.Unknown;
    }
}
