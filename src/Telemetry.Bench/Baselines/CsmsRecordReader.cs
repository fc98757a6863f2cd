using System.Text.Json;
using Telemetry.Bench.Baselines.Messages;

namespace Telemetry.Bench.Baselines;

/// <summary>
/// The usual CSMS path, used as the baseline: a <see cref="JsonDocument"/> per record, strings
/// for the charge point and message id, a pending-call table keyed by those strings, and
/// <see cref="JsonSerializer"/> from the frame's payload into message classes.
/// </summary>
public sealed class CsmsRecordReader
{
    private const int Call = 2;
    private const int CallResult = 3;
    private const int CallError = 4;

    // OCPP-J property names are camelCase; Web defaults also read numbers sent as strings.
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<PendingKey, string> _pending = [];

    /// <summary>Reads one record; returns the message it carried, or null for a result nobody waited for.</summary>
    public object? Read(ReadOnlyMemory<byte> record)
    {
        using var document = JsonDocument.Parse(record);
        var root = document.RootElement;
        var timestamp = root.GetProperty("ts").GetDateTimeOffset();
        var chargePoint = root.GetProperty("cp").GetString()!;
        if (root.TryGetProperty("event", out var connection))
        {
            return new ConnectionRecord(timestamp, chargePoint, connection.GetString()!);
        }

        var fromCharger = root.GetProperty("dir").ValueEquals("rx"u8);
        var frame = root.GetProperty("msg");
        var messageId = frame[1].GetString()!;
        switch (frame[0].GetInt32())
        {
            case Call:
                var action = frame[2].GetString()!;
                _pending[new PendingKey(chargePoint, fromCharger, messageId)] = action;
                return Request(action, frame[3]);
            case CallResult:
                return _pending.Remove(new PendingKey(chargePoint, !fromCharger, messageId), out var answered)
                    ? Response(answered, frame[2])
                    : null;
            case CallError:
                _pending.Remove(new PendingKey(chargePoint, !fromCharger, messageId));
                return frame[2].GetString();
            default:
                throw new JsonException("Unknown OCPP-J message type.");
        }
    }

    private static object? Request(string action, JsonElement payload) => action switch
    {
        "BootNotification" => payload.Deserialize<BootNotificationRequest>(s_options),
        "Heartbeat" => payload.Deserialize<HeartbeatRequest>(s_options),
        "StatusNotification" => payload.Deserialize<StatusNotificationRequest>(s_options),
        "Authorize" => payload.Deserialize<AuthorizeRequest>(s_options),
        "StartTransaction" => payload.Deserialize<StartTransactionRequest>(s_options),
        "StopTransaction" => payload.Deserialize<StopTransactionRequest>(s_options),
        "MeterValues" => payload.Deserialize<MeterValuesRequest>(s_options),
        _ => payload.Deserialize<JsonElement>(s_options),
    };

    private static object? Response(string action, JsonElement payload) => action switch
    {
        "BootNotification" => payload.Deserialize<BootNotificationResponse>(s_options),
        _ => payload.Deserialize<JsonElement>(s_options),
    };
}
