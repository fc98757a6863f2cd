using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Frames;

/// <summary>CALLRESULT payloads, read knowing the action they answer (OCPP-J results carry none).</summary>
internal sealed partial class PayloadParser
{
    /// <summary>Reads a CALLRESULT payload; returns false when the answered action reports nothing.</summary>
    /// <remarks>
    /// BootNotification → BootResult (Detail = <see cref="RegistrationStatus"/>, Value = interval);
    /// Authorize → AuthResult (Detail = <see cref="AuthorizationStatus"/>, Reason = <see cref="AuthContext.Authorize"/>);
    /// StartTransaction → AuthResult (Reason = <see cref="AuthContext.StartTransaction"/>, Value2 =
    /// the transactionId): the CSMS's verdict on the session, so a rejected idTag shows up with the
    /// other authorisation failures; Reset → ResetResult; every other CSMS command →
    /// CommandResult (Detail = <see cref="CommandStatus"/>, Reason = the command, or
    /// <see cref="CommandAction.Other"/> for one outside that list, e.g. ChangeConfiguration or
    /// GetVariables: an answered command shows a live connection). The CSMS's answers to the
    /// charger's other messages (Heartbeat, StatusNotification, …) report nothing.
    /// </remarks>
    public bool TryParseResult(ref JsonScanner reader, OcppAction answered, in FrameContext context)
    {
        switch (answered)
        {
            case OcppAction.BootNotification:
                ParseBootResult(ref reader, context);
                return true;
            case OcppAction.Authorize:
            case OcppAction.StartTransaction:
                ParseAuthResult(ref reader, answered, context);
                return true;
            default:
                var command = OcppVocabulary.Command(answered);
                if (command == CommandAction.Other && !context.FromCharger)
                {
                    reader.Skip();
                    return false;
                }

                ParseCommandResult(ref reader, command, context);
                return true;
        }
    }

    private void ParseBootResult(ref JsonScanner reader, in FrameContext context)
    {
        var registration = RegistrationStatus.None;
        var interval = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                registration = OcppVocabulary.Registration(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("interval"u8))
            {
                interval = ReadInt(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        var e = New(EventKind.BootResult, context, context.Version);
        e.Value = interval;
        e.Detail = (byte)registration;
        Add(e);
    }

    /// <summary>1.6 idTagInfo.status and 2.0.1 idTokenInfo.status; the 1.6 StartTransaction answer adds transactionId.</summary>
    private void ParseAuthResult(ref JsonScanner reader, OcppAction answered, in FrameContext context)
    {
        var status = AuthorizationStatus.None;
        var transactionId = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("idTagInfo"u8) || reader.ValueTextEquals("idTokenInfo"u8))
            {
                ExpectObject(ref reader);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("status"u8))
                    {
                        status = OcppVocabulary.Authorization(ReadString(ref reader));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("transactionId"u8))
            {
                transactionId = ReadInt(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        RequireCode(status != AuthorizationStatus.None);
        var e = New(EventKind.AuthResult, context, context.Version);
        e.Detail = (byte)status;
        e.Reason = (byte)(answered == OcppAction.StartTransaction ? AuthContext.StartTransaction : AuthContext.Authorize);
        e.Value2 = transactionId;
        Add(e);
    }

    private void ParseCommandResult(ref JsonScanner reader, CommandAction command, in FrameContext context)
    {
        var status = CommandStatus.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                status = OcppVocabulary.CommandStatus(ReadString(ref reader));
            }
            else
            {
                reader.Skip();
            }
        }

        // The listed commands' answers all carry a status; others may not (1.6 UpdateFirmware.conf is empty).
        RequireCode(status != CommandStatus.None || command == CommandAction.Other);
        var e = New(command == CommandAction.Reset ? EventKind.ResetResult : EventKind.CommandResult, context, context.Version);
        e.Detail = (byte)status;
        e.Reason = (byte)command;
        Add(e);
    }
}
