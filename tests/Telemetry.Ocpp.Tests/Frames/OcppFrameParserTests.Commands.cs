using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Frames;

/// <summary>CSMS → charger commands, the charger's answers, and CALLERRORs.</summary>
public partial class OcppFrameParserTests
{
    public static TheoryData<string, CallErrorCode> CallErrorCodes => new()
    {
        // OCPP-J 1.6 §4.2.3.
        { "NotImplemented", CallErrorCode.NotImplemented },
        { "NotSupported", CallErrorCode.NotSupported },
        { "InternalError", CallErrorCode.InternalError },
        { "ProtocolError", CallErrorCode.ProtocolError },
        { "SecurityError", CallErrorCode.SecurityError },
        { "FormationViolation", CallErrorCode.FormatViolation },
        { "PropertyConstraintViolation", CallErrorCode.PropertyConstraintViolation },
        { "OccurenceConstraintViolation", CallErrorCode.OccurrenceConstraintViolation },
        { "TypeConstraintViolation", CallErrorCode.TypeConstraintViolation },
        { "GenericError", CallErrorCode.GenericError },

        // OCPP-J 2.0.1 §4.3: corrected spellings and two new codes.
        { "FormatViolation", CallErrorCode.FormatViolation },
        { "OccurrenceConstraintViolation", CallErrorCode.OccurrenceConstraintViolation },
        { "MessageTypeNotSupported", CallErrorCode.MessageTypeNotSupported },
        { "RpcFrameworkError", CallErrorCode.RpcFrameworkError },
    };

    [Theory]
    [InlineData("Soft", ResetType.Soft, OcppVersion.V16)]
    [InlineData("Hard", ResetType.Hard, OcppVersion.V16)]
    [InlineData("Immediate", ResetType.Immediate, OcppVersion.V201)]
    [InlineData("OnIdle", ResetType.OnIdle, OcppVersion.V201)]
    public void Parse_GivesResetRequestedWithType_ForEveryResetType(string type, ResetType expected, OcppVersion version)
    {
        var run = new FrameRun();

        var e = run.SingleFromCsms($$$"""[2,"r1","Reset",{"type":"{{{type}}}"}]""");

        Assert.Equal(EventKind.ResetRequested, e.Kind);
        Assert.Equal(expected, (ResetType)e.Detail);
        Assert.Equal(version, e.Version);
        Assert.Equal(EventOrigin.Csms, e.Origin);
    }

    [Theory]
    [InlineData("Soft", "Accepted", CommandStatus.Accepted)]
    [InlineData("Hard", "Rejected", CommandStatus.Rejected)]
    [InlineData("OnIdle", "Scheduled", CommandStatus.Scheduled)]
    public void Parse_GivesResetResult_ForEveryResetStatus(string type, string status, CommandStatus expected)
    {
        var run = new FrameRun();
        run.FromCsms($$$"""[2,"r1","Reset",{"type":"{{{type}}}"}]""");

        var e = run.SingleFromCharger($$$"""[3,"r1",{"status":"{{{status}}}"}]""");

        Assert.Equal(EventKind.ResetResult, e.Kind);
        Assert.Equal(expected, (CommandStatus)e.Detail);
        Assert.Equal(CommandAction.Reset, (CommandAction)e.Reason);
        Assert.Equal(EventOrigin.Charger, e.Origin);
    }

    [Theory]
    [InlineData("""[2,"c1","RemoteStartTransaction",{"connectorId":2,"idTag":"04A1"}]""", CommandAction.RemoteStartTransaction, 2, 0)]
    [InlineData("""[2,"c1","RemoteStopTransaction",{"transactionId":98765}]""", CommandAction.RemoteStopTransaction, 0, 98765)]
    [InlineData("""[2,"c1","UnlockConnector",{"connectorId":1}]""", CommandAction.UnlockConnector, 1, 0)]
    [InlineData("""[2,"c1","RequestStartTransaction",{"idToken":{"idToken":"04A1","type":"ISO14443"},"remoteStartId":42,"evseId":3}]""", CommandAction.RequestStartTransaction, 3, 42)]
    [InlineData("""[2,"c1","UnlockConnector",{"evseId":2,"connectorId":1}]""", CommandAction.UnlockConnector, 2, 0)]
    public void Parse_GivesCommandWithActionAndTarget_ForEachCommand(string frame, CommandAction action, int port, int value2)
    {
        var run = new FrameRun();

        var e = run.SingleFromCsms(frame);

        Assert.Equal(EventKind.Command, e.Kind);
        Assert.Equal(action, (CommandAction)e.Detail);
        Assert.Equal(port, e.Port);
        Assert.Equal(value2, e.Value2);
    }

    [Theory]
    [InlineData("""[2,"c1","ChangeAvailability",{"connectorId":0,"type":"Inoperative"}]""", AvailabilityType.Inoperative, 0)]
    [InlineData("""[2,"c1","ChangeAvailability",{"connectorId":2,"type":"Operative"}]""", AvailabilityType.Operative, 2)]
    [InlineData("""[2,"c1","ChangeAvailability",{"operationalStatus":"Inoperative","evse":{"id":1,"connectorId":1}}]""", AvailabilityType.Inoperative, 1)]
    [InlineData("""[2,"c1","ChangeAvailability",{"operationalStatus":"Operative"}]""", AvailabilityType.Operative, 0)]
    public void Parse_GivesAvailabilityType_ForChangeAvailability(string frame, AvailabilityType type, int port)
    {
        var run = new FrameRun();

        var e = run.SingleFromCsms(frame);

        Assert.Equal(CommandAction.ChangeAvailability, (CommandAction)e.Detail);
        Assert.Equal(type, (AvailabilityType)e.Reason);
        Assert.Equal(port, e.Port);
    }

    [Fact]
    public void Parse_KeepsRequestedMessageAsText_ForTriggerMessage()
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCsms("""[2,"c1","TriggerMessage",{"requestedMessage":"StatusNotification","connectorId":1}]""");

        Assert.Equal(CommandAction.TriggerMessage, (CommandAction)e.Detail);
        Assert.Equal("StatusNotification", run.TextOf(e));
    }

    [Fact]
    public void Parse_KeepsTransactionIdAsText_ForRequestStopTransaction()
    {
        var run = new FrameRun();

        var e = run.SingleFromCsms("""[2,"c1","RequestStopTransaction",{"transactionId":"f3a1-77"}]""");

        Assert.Equal(CommandAction.RequestStopTransaction, (CommandAction)e.Detail);
        Assert.Equal(OcppVersion.V201, e.Version);
        Assert.Equal("f3a1-77", run.TextOf(e));
    }

    [Fact]
    public void Parse_GivesCommandWithOtherAction_ForCommandOutsideTheList()
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCsms("""[2,"c1","ClearCache",{}]""");

        Assert.Equal(EventKind.Command, e.Kind);
        Assert.Equal(CommandAction.Other, (CommandAction)e.Detail);
    }

    [Theory]
    [InlineData("""[2,"c1","RemoteStartTransaction",{"idTag":"04A1"}]""", "Accepted", CommandAction.RemoteStartTransaction, CommandStatus.Accepted)]
    [InlineData("""[2,"c1","RemoteStopTransaction",{"transactionId":1}]""", "Rejected", CommandAction.RemoteStopTransaction, CommandStatus.Rejected)]
    [InlineData("""[2,"c1","ChangeAvailability",{"connectorId":0,"type":"Inoperative"}]""", "Scheduled", CommandAction.ChangeAvailability, CommandStatus.Scheduled)]
    [InlineData("""[2,"c1","TriggerMessage",{"requestedMessage":"Heartbeat"}]""", "NotImplemented", CommandAction.TriggerMessage, CommandStatus.NotImplemented)]
    [InlineData("""[2,"c1","UnlockConnector",{"connectorId":1}]""", "Unlocked", CommandAction.UnlockConnector, CommandStatus.Unlocked)]
    [InlineData("""[2,"c1","UnlockConnector",{"connectorId":1}]""", "UnlockFailed", CommandAction.UnlockConnector, CommandStatus.UnlockFailed)]
    [InlineData("""[2,"c1","UnlockConnector",{"connectorId":1}]""", "NotSupported", CommandAction.UnlockConnector, CommandStatus.NotSupported)]
    [InlineData("""[2,"c1","UnlockConnector",{"evseId":1,"connectorId":1}]""", "OngoingAuthorizedTransaction", CommandAction.UnlockConnector, CommandStatus.OngoingAuthorizedTransaction)]
    [InlineData("""[2,"c1","UnlockConnector",{"evseId":1,"connectorId":1}]""", "UnknownConnector", CommandAction.UnlockConnector, CommandStatus.UnknownConnector)]
    [InlineData("""[2,"c1","RequestStartTransaction",{"idToken":{"idToken":"a","type":"Central"},"remoteStartId":1}]""", "Accepted", CommandAction.RequestStartTransaction, CommandStatus.Accepted)]
    [InlineData("""[2,"c1","RequestStopTransaction",{"transactionId":"t"}]""", "Rejected", CommandAction.RequestStopTransaction, CommandStatus.Rejected)]
    public void Parse_GivesCommandResultWithStatus_ForEachCommandAnswer(string command, string status, CommandAction action, CommandStatus expected)
    {
        var run = new FrameRun();
        run.FromCsms(command);

        var e = run.SingleFromCharger($$$"""[3,"c1",{"status":"{{{status}}}"}]""");

        Assert.Equal(EventKind.CommandResult, e.Kind);
        Assert.Equal(expected, (CommandStatus)e.Detail);
        Assert.Equal(action, (CommandAction)e.Reason);
    }

    [Theory]
    [MemberData(nameof(CallErrorCodes))]
    public void Parse_GivesCallErrorCode_ForEveryCodeAndSpelling(string code, CallErrorCode expected)
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger($$$"""[4,"x1","{{{code}}}","description",{}]""");

        Assert.Equal(EventKind.CallError, e.Kind);
        Assert.Equal(expected, (CallErrorCode)e.Detail);
    }

    [Fact]
    public void Parse_NamesFailedCommand_WhenCallErrorAnswersReset()
    {
        var run = new FrameRun(OcppVersion.V16);
        run.FromCsms("""[2,"r1","Reset",{"type":"Hard"}]""");

        var e = run.SingleFromCharger("""[4,"r1","NotSupported","",{}]""");

        Assert.Equal(CallErrorCode.NotSupported, (CallErrorCode)e.Detail);
        Assert.Equal(CommandAction.Reset, (CommandAction)e.Reason);
    }

    [Fact]
    public void Parse_GivesCallError_ForV21CallResultError()
    {
        var run = new FrameRun(OcppVersion.V21);

        var e = run.SingleFromCharger("""[5,"x1","InternalError","",{}]""");

        Assert.Equal(EventKind.CallError, e.Kind);
        Assert.Equal(CallErrorCode.InternalError, (CallErrorCode)e.Detail);
    }

    [Fact]
    public void Parse_GivesUnrecognisedCode_ForCallErrorCodeOutsideSpec()
    {
        var run = new FrameRun(OcppVersion.V16);

        var e = run.SingleFromCharger("""[4,"x1","VendorBroke","",{}]""");

        Assert.Equal(CallErrorCode.Unrecognised, (CallErrorCode)e.Detail);
    }

    [Fact]
    public void Parse_GivesCommandResultOther_ForTheChargersAnswerToACommandOutsideTheList()
    {
        var run = new FrameRun(OcppVersion.V16);
        run.FromCsms("""[2,"cfg-1","ChangeConfiguration",{"key":"HeartbeatInterval","value":"300"}]""");

        var e = run.SingleFromCharger("""[3,"cfg-1",{"status":"Accepted"}]""");

        Assert.Equal(EventKind.CommandResult, e.Kind);
        Assert.Equal(CommandAction.Other, (CommandAction)e.Reason);
        Assert.Equal(CommandStatus.Accepted, (CommandStatus)e.Detail);
    }

    [Fact]
    public void Parse_GivesCommandResultWithoutStatus_ForAnEmptyAnswerToUpdateFirmware()
    {
        var run = new FrameRun(OcppVersion.V16);
        run.FromCsms("""[2,"fw-1","UpdateFirmware",{"location":"https://example.com/fw.bin","retrieveDate":"2026-03-01T12:00:00Z"}]""");

        var e = run.SingleFromCharger("""[3,"fw-1",{}]""");

        Assert.Equal(EventKind.CommandResult, e.Kind);
        Assert.Equal(CommandAction.Other, (CommandAction)e.Reason);
        Assert.Equal(CommandStatus.None, (CommandStatus)e.Detail);
    }

    [Fact]
    public void Parse_GivesNothing_ForTheCsmsAnswerToAHeartbeat()
    {
        var run = new FrameRun(OcppVersion.V16);
        run.FromCharger("""[2,"hb-1","Heartbeat",{}]""");

        Assert.Empty(run.FromCsms("""[3,"hb-1",{"currentTime":"2026-03-01T12:00:00Z"}]"""));
    }
}
