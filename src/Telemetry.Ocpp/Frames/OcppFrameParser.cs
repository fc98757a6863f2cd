using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// Parses one complete OCPP-J frame (OCPP-J 1.6 §4, 2.0.1 part 4 §4) into telemetry events:
/// <c>[2, id, action, payload]</c> CALL, <c>[3, id, payload]</c> CALLRESULT,
/// <c>[4, id, code, description, details]</c> CALLERROR, and the OCPP 2.1 additions
/// <c>[5, …]</c> CALLRESULTERROR and <c>[6, id, action, payload]</c> SEND.
/// Results are tied to their CALL through <see cref="PendingCalls"/>.
/// Malformed frames throw <see cref="MalformedRecordException"/> (cold path); unknown actions
/// become <see cref="EventKind.Unknown"/> events. A frame gives one event, or several (MeterValues
/// per measurand, NotifyEvent per item); they are held in a buffer reused for every frame.
/// </summary>
public sealed class OcppFrameParser
{
    /// <summary>OCPP-J: the message id is at most 36 characters.</summary>
    public const int MaxMessageIdLength = 36;

    private readonly PendingCalls _pending;
    private readonly EventBuffer _events = new();
    private readonly PayloadParser _payloads;

    public OcppFrameParser(PendingCalls pending)
        : this(pending, new TextCodeRegistry())
    {
    }

    public OcppFrameParser(PendingCalls pending, TextCodeRegistry textCodes)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(textCodes);
        _pending = pending;
        TextCodes = textCodes;
        _payloads = new PayloadParser(_events, textCodes);
    }

    /// <summary>The texts that events' <see cref="TelemetryEvent.TextCode"/> refer to.</summary>
    public TextCodeRegistry TextCodes { get; }

    /// <summary>The events of the frame last parsed by <see cref="TryParse"/>, all of one version.</summary>
    public ReadOnlySpan<TelemetryEvent> Events => _events.Events;

    /// <summary>Events dropped because one frame gave more than <see cref="EventBuffer.Capacity"/>.</summary>
    public long DroppedEvents => _events.Dropped;

    /// <summary>Results that matched no pending CALL (counted, not an error).</summary>
    public long UnmatchedResults { get; private set; }

    /// <summary>Parses a bare frame (a WebSocket text message); returns the version the payload showed, or the context's.</summary>
    public OcppVersion Parse<THandler>(ReadOnlySpan<byte> frame, in FrameContext context, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        var reader = new JsonScanner(frame);
        if (!reader.Read())
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidFrame);
        }

        if (!TryParse(ref reader, context))
        {
            return context.Version;
        }

        if (reader.Read())
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidFrame);
        }

        var found = _events.Events;
        foreach (ref readonly var e in found)
        {
            handler.OnEvent(e);
        }

        return found[^1].Version;
    }

    /// <summary>
    /// Parses the frame the reader is positioned on (its first token) and leaves the reader on the
    /// frame's closing bracket. Returns false when the frame reports no event (e.g. an unmatched
    /// or uninteresting result). Nothing is emitted, so the caller can still reject the record;
    /// the events are in <see cref="Events"/> until the next frame is parsed.
    /// </summary>
    public bool TryParse(ref JsonScanner reader, in FrameContext context)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidFrame);
        }

        // Frames almost always open with a one-digit type and a plain id: one step reads both.
        if (!reader.TryReadDigitAndPlainString(out var messageType))
        {
            Expect(ref reader, JsonTokenType.Number, RejectReason.InvalidFrame);
            if (!reader.TryGetInt32(out messageType))
            {
                ThrowHelper.ThrowMalformed(RejectReason.UnknownMessageType);
            }

            Expect(ref reader, JsonTokenType.String, RejectReason.InvalidFrame);
        }

        var messageId = reader.ValueSpan;
        if (messageId.Length > MaxMessageIdLength || messageId.IsEmpty)
        {
            ThrowHelper.ThrowMalformed(RejectReason.MessageIdTooLong);
        }

        // Events are held until the frame is known to be well-formed: a record gives events or a rejection, never both.
        _events.Clear();
        var hasEvent = true;
        var isCall = false;
        var action = OcppAction.Unknown;
        switch ((MessageType)messageType)
        {
            case MessageType.Call:
            case MessageType.Send:
                // Usually `,"Action",{` follows the id: one step reads the action and opens the payload.
                if (reader.TryReadPlainStringAndObject(out var actionName))
                {
                    action = OcppVocabulary.Action(actionName);
                }
                else
                {
                    Expect(ref reader, JsonTokenType.String, RejectReason.InvalidFrame);
                    action = OcppVocabulary.Action(reader.ValueSpan);
                    Expect(ref reader, JsonTokenType.StartObject, RejectReason.InvalidPayload);
                }

                _payloads.ParseCall(ref reader, action, context);
                isCall = messageType == (int)MessageType.Call;
                break;
            case MessageType.CallResult:
                Expect(ref reader, JsonTokenType.StartObject, RejectReason.InvalidPayload);
                if (_pending.TryTake(context.Charger, !context.FromCharger, messageId, out var answered))
                {
                    hasEvent = _payloads.TryParseResult(ref reader, answered, context);
                }
                else
                {
                    UnmatchedResults++;
                    hasEvent = false;
                    reader.Skip();
                }

                break;
            case MessageType.CallError:
            case MessageType.CallResultError:
                Expect(ref reader, JsonTokenType.String, RejectReason.InvalidFrame);
                var code = OcppVocabulary.CallError(reader.ValueSpan);
                Expect(ref reader, JsonTokenType.String, RejectReason.InvalidFrame);
                Expect(ref reader, JsonTokenType.StartObject, RejectReason.InvalidFrame);
                reader.Skip();
                _pending.TryTake(context.Charger, !context.FromCharger, messageId, out var failed);
                var error = TelemetryEvent.Create(EventKind.CallError, context.TimestampMs, context.Charger, context.Version);
                error.Origin = context.FromCharger ? EventOrigin.Charger : EventOrigin.Csms;
                error.Detail = (byte)code;
                // A command the charger could not carry out is told apart from errors on the charger's own messages.
                error.Reason = (byte)OcppVocabulary.Command(failed);
                _events.Add(error);
                break;
            default:
                ThrowHelper.ThrowMalformed(RejectReason.UnknownMessageType);
                break;
        }

        Expect(ref reader, JsonTokenType.EndArray, RejectReason.InvalidFrame);
        if (isCall)
        {
            _pending.Add(context.Charger, context.FromCharger, messageId, action, context.TimestampMs);
        }

        return hasEvent && _events.Count > 0;
    }

    private static void Expect(ref JsonScanner reader, JsonTokenType type, RejectReason reason)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            ThrowHelper.ThrowMalformed(reason);
        }
    }
}
