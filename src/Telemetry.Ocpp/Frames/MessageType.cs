namespace Telemetry.Ocpp.Frames;

/// <summary>OCPP-J MessageTypeId (OCPP-J 1.6 §4.1; 2.1 adds CALLRESULTERROR and SEND).</summary>
public enum MessageType : byte
{
    Call = 2,
    CallResult = 3,
    CallError = 4,
    CallResultError = 5,
    Send = 6,
}
