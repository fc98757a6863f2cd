using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Frames;

/// <summary>CSMS → charger commands (CALLs sent on the tap's <c>tx</c> side).</summary>
internal sealed partial class PayloadParser
{
    /// <summary>
    /// Reset gives ResetRequested with Detail = <see cref="ResetType"/>. Every other command gives
    /// Command with Detail = <see cref="CommandAction"/>, and what identifies its target: Port and
    /// Connector (1.6 connectorId, 2.0.1 evseId or evse), Reason = <see cref="AvailabilityType"/>
    /// for ChangeAvailability, Value2 = the 1.6 transactionId (RemoteStopTransaction) or the
    /// remoteStartId (RequestStartTransaction), TextCode = the 2.0.1 transactionId
    /// (RequestStopTransaction) or the requestedMessage (TriggerMessage).
    /// </summary>
    private void ParseCommand(ref JsonScanner reader, OcppAction action, in FrameContext context)
    {
        var command = OcppVocabulary.Command(action);
        if (command == CommandAction.Other)
        {
            reader.Skip();
            Add(New(EventKind.Command, context, context.Version));
            return;
        }

        var resetType = ResetType.None;
        var availability = AvailabilityType.None;
        var connectorId = 0;
        var evseId = -1;
        var value2 = 0;
        var text = TextCodeRegistry.None;
        var sawV201Field = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                // Reset.type (1.6 Soft/Hard, 2.0.1 Immediate/OnIdle) or 1.6 ChangeAvailability.type.
                var type = ReadString(ref reader);
                if (command == CommandAction.Reset)
                {
                    resetType = OcppVocabulary.ResetType(type);
                    sawV201Field = resetType is ResetType.Immediate or ResetType.OnIdle;
                }
                else
                {
                    availability = OcppVocabulary.Availability(type);
                }
            }
            else if (reader.ValueTextEquals("operationalStatus"u8))
            {
                availability = OcppVocabulary.Availability(ReadString(ref reader));
                sawV201Field = true;
            }
            else if (reader.ValueTextEquals("connectorId"u8))
            {
                connectorId = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("evseId"u8))
            {
                evseId = ReadInt(ref reader);
                sawV201Field = true;
            }
            else if (reader.ValueTextEquals("evse"u8))
            {
                ReadEvse(ref reader, out evseId, out connectorId);
                sawV201Field = true;
            }
            else if (reader.ValueTextEquals("transactionId"u8))
            {
                if (command == CommandAction.RequestStopTransaction)
                {
                    text = InternText(ref reader);
                }
                else
                {
                    value2 = ReadInt(ref reader);
                }
            }
            else if (reader.ValueTextEquals("remoteStartId"u8))
            {
                value2 = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("requestedMessage"u8))
            {
                text = InternText(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        var version = Resolve(context.Version, sawV201Field || command is CommandAction.RequestStartTransaction or CommandAction.RequestStopTransaction);
        var e = New(command == CommandAction.Reset ? EventKind.ResetRequested : EventKind.Command, context, version);
        e.Detail = command == CommandAction.Reset ? (byte)resetType : (byte)command;
        e.Reason = (byte)availability;
        e.Port = ToPort(evseId >= 0 ? evseId : connectorId);
        e.Connector = ToPort(connectorId);
        e.Value2 = value2;
        e.TextCode = text;
        Add(e);
    }
}
