using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Ocpp.Frames;

/// <summary>Charging sessions: 1.6 StartTransaction and StopTransaction, 2.0.1 TransactionEvent.</summary>
internal sealed partial class PayloadParser
{
    /// <summary>
    /// 1.6 StartTransaction: a SessionStarted on the connector with meterStart (Wh) in Value. The
    /// transactionId is only known from the CSMS's answer, which gives an AuthResult (see results).
    /// </summary>
    private void ParseStartTransaction(ref JsonScanner reader, in FrameContext context)
    {
        var connectorId = -1;
        var meterStart = 0;
        var hasMeter = false;
        var hasIdTag = false;
        var hasTimestamp = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("connectorId"u8))
            {
                connectorId = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("meterStart"u8))
            {
                meterStart = ReadWh(ref reader);
                hasMeter = true;
            }
            else if (reader.ValueTextEquals("idTag"u8))
            {
                hasIdTag = !ReadString(ref reader).IsEmpty;
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                hasTimestamp = !ReadString(ref reader).IsEmpty;
            }
            else
            {
                reader.Skip();
            }
        }

        RequireCode(hasMeter && hasIdTag && hasTimestamp);
        var e = New(EventKind.SessionStarted, context, Resolve(context.Version, sawV201Field: false));
        e.Port = ToPort(connectorId);
        e.Connector = e.Port;
        e.Value = meterStart;
        Add(e);
    }

    /// <summary>1.6 StopTransaction: meterStop (Wh) in Value, transactionId in Value2, the reason in Detail (absent means Local, OCPP 1.6 §7.39).</summary>
    private void ParseStopTransaction(ref JsonScanner reader, in FrameContext context)
    {
        var transactionId = 0;
        var hasTransaction = false;
        var meterStop = 0;
        var hasMeter = false;
        var reason = StopReason.Local;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("transactionId"u8))
            {
                transactionId = ReadInt(ref reader);
                hasTransaction = true;
            }
            else if (reader.ValueTextEquals("meterStop"u8))
            {
                meterStop = ReadWh(ref reader);
                hasMeter = true;
            }
            else if (reader.ValueTextEquals("reason"u8))
            {
                reason = OcppVocabulary.StopReason(ReadString(ref reader));
            }
            else
            {
                reader.Skip();
            }
        }

        RequireCode(hasTransaction && hasMeter);
        var e = New(EventKind.SessionStopped, context, Resolve(context.Version, sawV201Field: false));
        e.Value = meterStop;
        e.Value2 = transactionId;
        e.Detail = (byte)reason;
        Add(e);
    }

    /// <summary>
    /// 2.0.1 TransactionEvent: Started, Updated and Ended become SessionStarted, SessionUpdated and
    /// SessionStopped. Detail = triggerReason, Reason = stoppedReason (on Ended, absent means Local:
    /// 2.0.1 TransactionType allows omitting it only then), Status = chargingState, Value = the
    /// last Energy.Active.Import.Register (Wh), Value2 = seqNo, TextCode = transactionId.
    /// </summary>
    private void ParseTransactionEvent(ref JsonScanner reader, in FrameContext context)
    {
        var session = New(EventKind.Unknown, context, Resolve(context.Version, sawV201Field: true));
        var hasSeqNo = false;
        var evseId = 0;
        var connectorId = 0;
        MeterReadings readings = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventType"u8))
            {
                var type = ReadString(ref reader);
                session.Kind = type.SequenceEqual("Started"u8) ? EventKind.SessionStarted
                    : type.SequenceEqual("Updated"u8) ? EventKind.SessionUpdated
                    : type.SequenceEqual("Ended"u8) ? EventKind.SessionStopped
                    : ThrowHelper.ThrowMalformed<EventKind>(RejectReason.InvalidPayload);
            }
            else if (reader.ValueTextEquals("triggerReason"u8))
            {
                session.Detail = (byte)OcppVocabulary.TriggerReason(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("seqNo"u8))
            {
                session.Value2 = ReadInt(ref reader);
                hasSeqNo = true;
            }
            else if (reader.ValueTextEquals("offline"u8))
            {
                session.Offline = ReadBool(ref reader);
            }
            else if (reader.ValueTextEquals("evse"u8))
            {
                ReadEvse(ref reader, out evseId, out connectorId);
            }
            else if (reader.ValueTextEquals("transactionInfo"u8))
            {
                ReadTransactionInfo(ref reader, ref session);
            }
            else if (reader.ValueTextEquals("meterValue"u8))
            {
                ReadMeterValues(ref reader, ref readings);
            }
            else
            {
                reader.Skip();
            }
        }

        RequireCode(session.Kind != EventKind.Unknown && session.Detail != 0 && hasSeqNo && session.TextCode != TextCodeRegistry.None);
        if (session.Kind == EventKind.SessionStopped && session.Reason == (byte)StopReason.None)
        {
            session.Reason = (byte)StopReason.Local;
        }

        if (readings.Has(Measurand.EnergyActiveImportRegister))
        {
            session.Value = readings.Value(Measurand.EnergyActiveImportRegister);
        }

        session.Port = ToPort(evseId);
        session.Connector = ToPort(connectorId);
        Add(session);
        AddSessionMeters(session, readings);
    }

    /// <summary>
    /// The other readings a TransactionEvent carries (power, offered power, SoC, temperature) as
    /// Meter events, as a MeterValues frame would give them: 2.0.1 chargers report session power
    /// here rather than in MeterValues. TextCode = the transactionId; the energy register stays on
    /// the session event.
    /// </summary>
    private void AddSessionMeters(in TelemetryEvent session, in MeterReadings readings)
    {
        var meter = session;
        meter.Kind = EventKind.Meter;
        meter.Connector = 0;
        meter.Value2 = 0;
        meter.Status = ConnectorStatus.None;
        meter.Reason = 0;
        meter.Offline = false;
        for (var m = Measurand.EnergyActiveImportRegister + 1; m <= Measurand.Temperature; m++)
        {
            if (readings.Has(m))
            {
                meter.Detail = (byte)m;
                meter.Value = readings.Value(m);
                Add(meter);
            }
        }
    }

    /// <summary>2.0.1 TransactionType: transactionId (interned), chargingState, stoppedReason.</summary>
    private void ReadTransactionInfo(ref JsonScanner reader, ref TelemetryEvent e)
    {
        ExpectObject(ref reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("transactionId"u8))
            {
                e.TextCode = InternText(ref reader);
            }
            else if (reader.ValueTextEquals("chargingState"u8))
            {
                e.Status = OcppVocabulary.ChargingState(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("stoppedReason"u8))
            {
                e.Reason = (byte)OcppVocabulary.StopReason(ReadString(ref reader));
            }
            else
            {
                reader.Skip();
            }
        }
    }
}
