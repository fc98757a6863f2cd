using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// Reads the payload objects of the actions the engine uses into events added to an
/// <see cref="EventBuffer"/>. The reader enters positioned on the payload's StartObject and
/// leaves on its EndObject. Unknown properties are skipped (chargers add vendor fields); numbers
/// sent as strings are accepted, as chargers send them. Field names and enumerations follow the
/// OCPP 1.6 and 2.0.1 JSON schemas; 2.1 shares the 2.0.1 payloads of these actions.
/// Each event's <see cref="TelemetryEvent.Version"/> is the connection's, or, while that is
/// unknown, the version the payload's shape shows.
/// </summary>
internal sealed partial class PayloadParser(EventBuffer events, TextCodeRegistry texts)
{
    private readonly EventBuffer _events = events;
    private readonly TextCodeRegistry _texts = texts;

    /// <summary>Reads a CALL/SEND payload; a charger frame always gives at least one event, as proof that the charger is alive.</summary>
    public void ParseCall(ref JsonScanner reader, OcppAction action, in FrameContext context)
    {
        if (!context.FromCharger)
        {
            // CSMS → charger: a command; it says nothing about whether the charger is alive.
            ParseCommand(ref reader, action, context);
            return;
        }

        switch (action)
        {
            case OcppAction.Heartbeat:
                reader.Skip();
                Add(New(EventKind.Heartbeat, context, context.Version));
                break;
            case OcppAction.StatusNotification:
                ParseStatus(ref reader, context);
                break;
            case OcppAction.BootNotification:
                ParseBoot(ref reader, context);
                break;
            case OcppAction.StartTransaction:
                ParseStartTransaction(ref reader, context);
                break;
            case OcppAction.StopTransaction:
                ParseStopTransaction(ref reader, context);
                break;
            case OcppAction.TransactionEvent:
                ParseTransactionEvent(ref reader, context);
                break;
            case OcppAction.MeterValues:
                ParseMeterValues(ref reader, context);
                break;
            case OcppAction.Authorize:
                ParseAuthorize(ref reader, context);
                break;
            case OcppAction.FirmwareStatusNotification:
            case OcppAction.SignedFirmwareStatusNotification:
                ParseFirmwareStatus(ref reader, context);
                break;
            case OcppAction.DiagnosticsStatusNotification:
                ParseDiagnosticsStatus(ref reader, context);
                break;
            case OcppAction.SecurityEventNotification:
                ParseSecurityEvent(ref reader, context);
                break;
            case OcppAction.NotifyEvent:
                ParseNotifyEvent(ref reader, context);
                break;
            default:
                // DataTransfer and actions the engine does not use: counted as Unknown, never an error.
                reader.Skip();
                Add(New(EventKind.Unknown, context, context.Version));
                break;
        }
    }

    private static TelemetryEvent New(EventKind kind, in FrameContext context, OcppVersion version)
    {
        var e = TelemetryEvent.Create(kind, context.TimestampMs, context.Charger, version);
        e.Origin = context.FromCharger ? EventOrigin.Charger : EventOrigin.Csms;
        return e;
    }

    private void Add(in TelemetryEvent e) => _events.Add(e);
}
