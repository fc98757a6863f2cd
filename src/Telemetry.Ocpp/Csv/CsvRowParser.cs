using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Text;

namespace Telemetry.Ocpp.Csv;

/// <summary>
/// Parses one data row of a CSMS log export: <c>timestamp</c> (RFC 3339), <c>id</c> (charge point
/// identity) and <c>msg</c> (the OCPP-J frame, RFC 4180-quoted) at the positions given by
/// <see cref="CsvColumns"/>. The export does not record who sent a frame, so the direction is
/// inferred from the frame itself:
/// <list type="bullet">
/// <item>a CALL (or 2.1 SEND) whose action is in <see cref="CsmsActions"/> went CSMS → charger; any other went charger → CSMS;</item>
/// <item>a CALLRESULT/CALLERROR/CALLRESULTERROR answering a CSMS CALL still remembered for that
/// charger and message id (see <see cref="CsmsCalls"/>) went charger → CSMS; any other answer
/// went CSMS → charger.</item>
/// </list>
/// The <c>action</c> column repeats the CALL's action; the frame is what was on the wire, so it decides.
/// Rejections: broken CSV quoting → <see cref="RejectReason.InvalidFrame"/>; empty or absent
/// timestamp → <see cref="RejectReason.MissingTimestamp"/>, unparsable → <see cref="RejectReason.InvalidTimestamp"/>;
/// empty or absent id → <see cref="RejectReason.MissingChargePoint"/>, too long or not UTF-8 →
/// <see cref="RejectReason.InvalidChargePoint"/>; empty or absent msg → <see cref="RejectReason.MissingMessage"/>;
/// JSON and frame errors as <see cref="OcppFrameParser"/> reports them, text after the frame → <see cref="RejectReason.InvalidJson"/>.
/// </summary>
public sealed class CsvRowParser
{
    private readonly OcppFrameParser _frames;
    private readonly CsmsCalls _csmsCalls;
    private OcppVersion[] _versions = new OcppVersion[256];

    public CsvRowParser(ChargerRegistry chargers, PendingCalls pending, CsmsCalls csmsCalls)
        : this(chargers, pending, csmsCalls, new TextCodeRegistry())
    {
    }

    public CsvRowParser(ChargerRegistry chargers, PendingCalls pending, CsmsCalls csmsCalls, TextCodeRegistry textCodes)
    {
        Chargers = chargers;
        _csmsCalls = csmsCalls;
        _frames = new OcppFrameParser(pending, textCodes);
    }

    public ChargerRegistry Chargers { get; }

    /// <summary>The registry the events' <see cref="TelemetryEvent.TextCode"/>s refer to.</summary>
    public TextCodeRegistry TextCodes => _frames.TextCodes;

    /// <summary>CALLRESULT/CALLERROR frames that matched no pending CALL.</summary>
    public long UnmatchedResults => _frames.UnmatchedResults;

    /// <summary>Rows that parsed but reported no event: answers the engine does not use, and unmatched answers.</summary>
    public long RowsWithoutEvent { get; private set; }

    /// <summary>
    /// Parses <paramref name="row"/>; throws <see cref="MalformedRecordException"/>
    /// when unusable. <paramref name="scratch"/> must be at least as long as the row: quoted fields are unquoted into it.
    /// </summary>
    public void Parse<THandler>(ReadOnlySpan<byte> row, in CsvColumns columns, Span<byte> scratch, ref THandler handler)
        where THandler : struct, IParseHandler
    {
        ReadOnlySpan<byte> timestamp = default, identity = default, frame = default;
        var used = 0;
        var fields = new CsvFieldReader(row);
        for (var index = 0; fields.TryRead(out var field); index++)
        {
            if (index == columns.Timestamp)
            {
                timestamp = field.Value(scratch, ref used);
            }
            else if (index == columns.ChargePoint)
            {
                identity = field.Value(scratch, ref used);
            }
            else if (index == columns.Message)
            {
                frame = field.Value(scratch, ref used);
            }
        }

        if (timestamp.IsEmpty)
        {
            ThrowHelper.ThrowMalformed(RejectReason.MissingTimestamp);
        }

        if (!Rfc3339.TryParseUnixMs(timestamp, out var timestampMs))
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidTimestamp);
        }

        if (identity.IsEmpty)
        {
            ThrowHelper.ThrowMalformed(RejectReason.MissingChargePoint);
        }

        var charger = Chargers.Intern(identity);
        if (charger < 0)
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidChargePoint);
        }

        if (frame.IsEmpty)
        {
            ThrowHelper.ThrowMalformed(RejectReason.MissingMessage);
        }

        EnsureCapacity(charger);
        var fromCharger = InferDirection(charger, frame, out var isCsmsCall, out var messageId);
        var reader = new JsonScanner(frame);
        if (!reader.Read())
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidFrame);
        }

        var hasEvent = _frames.TryParse(ref reader, new FrameContext(timestampMs, charger, fromCharger, _versions[charger]));

        // Text after the frame's closing bracket makes the reader throw (invalid JSON).
        if (reader.Read())
        {
            ThrowHelper.ThrowMalformed(RejectReason.InvalidJson);
        }

        if (isCsmsCall)
        {
            _csmsCalls.Add(charger, messageId);
        }

        if (!hasEvent)
        {
            RowsWithoutEvent++;
            return;
        }

        var events = _frames.Events;
        _versions[charger] = events[^1].Version;
        foreach (ref readonly var e in events)
        {
            handler.OnEvent(e);
        }
    }

    /// <summary>
    /// Reads the frame's first tokens to tell who sent it. A frame too malformed to say is given a
    /// direction anyway: the frame parser rejects it on the same tokens.
    /// </summary>
    private bool InferDirection(int charger, ReadOnlySpan<byte> frame, out bool isCsmsCall, out ReadOnlySpan<byte> messageId)
    {
        isCsmsCall = false;
        messageId = default;
        var reader = new JsonScanner(frame);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray
            || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var type)
            || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            return true;
        }

        messageId = reader.ValueSpan;
        switch ((MessageType)type)
        {
            case MessageType.Call:
            case MessageType.Send:
                if (!reader.Read() || reader.TokenType != JsonTokenType.String || !CsmsActions.Contains(reader.ValueSpan))
                {
                    return true;
                }

                // A SEND expects no answer, so only a CALL is remembered.
                isCsmsCall = type == (int)MessageType.Call;
                return false;
            case MessageType.CallResult:
            case MessageType.CallError:
            case MessageType.CallResultError:
                return _csmsCalls.TryTake(charger, messageId);
            default:
                return true;
        }
    }

    private void EnsureCapacity(int charger)
    {
        if (charger >= _versions.Length)
        {
            Array.Resize(ref _versions, Math.Max(_versions.Length * 2, charger + 1));
        }
    }
}
