namespace Telemetry.Ocpp.Rejects;

/// <summary>The snake_case reason codes written to the dead-letter output and metric labels.</summary>
public static class RejectReasonNames
{
    public static string Of(RejectReason reason) => reason switch
    {
        RejectReason.RecordTooLarge => "record_too_large",
        RejectReason.NotUtf8 => "not_utf8",
        RejectReason.InvalidJson => "invalid_json",
        RejectReason.NotAnObject => "not_an_object",
        RejectReason.MissingTimestamp => "missing_timestamp",
        RejectReason.InvalidTimestamp => "invalid_timestamp",
        RejectReason.MissingChargePoint => "missing_charge_point",
        RejectReason.InvalidChargePoint => "invalid_charge_point",
        RejectReason.MissingMessage => "missing_message",
        RejectReason.InvalidFrame => "invalid_frame",
        RejectReason.UnknownMessageType => "unknown_message_type",
        RejectReason.MessageIdTooLong => "message_id_too_long",
        RejectReason.InvalidPayload => "invalid_payload",
        RejectReason.InvalidDirection => "invalid_direction",
        RejectReason.UnknownConnectionEvent => "unknown_connection_event",
        _ => "none",
    };
}
