using System.Globalization;
using Telemetry.Decide.Policy;
using Telemetry.Engine.Signals;
using Telemetry.Ocpp.Text;

namespace Telemetry.Decide.Classification;

/// <summary>
/// Reads one raised signal into a cause, a recovery path and the evidence that decided them. The
/// correlator refines the cause later with what follows (a boot after silence means power).
/// Evidence fields are read defensively: any of them may be absent.
/// </summary>
public static class SignalClassifier
{
    public static SignalClass Classify(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var e = signal.Evidence;
        var port = signal.Port is > 0;
        switch (signal.Type)
        {
            case SignalTypes.CommsOffline:
                return new SignalClass(IncidentCause.Comms, Recoverability.Remote,
                    $"charger silent ({e.Reason ?? "offline"}); cause decided when it returns", Key(signal.Type, null), true, true, false, null);
            case SignalTypes.AvailabilityOutage:
                return Outage(signal, e, port);
            case SignalTypes.CommsUnstable:
                return e.Reason == "unanswered_calls"
                    ? new SignalClass(IncidentCause.Comms, Recoverability.Remote,
                        $"heartbeats continue but {Count(e)} CSMS calls got no answer", Key(signal.Type, e.Reason), true, false, false, null)
                    : new SignalClass(IncidentCause.Comms, Recoverability.Remote,
                        $"{Count(e)} disconnects within {Minutes(e.WindowMinutes)} without a reboot", Key(signal.Type, e.Reason), true, false, false, null);
            case SignalTypes.ResetFrequent:
                return new SignalClass(IncidentCause.Hardware, Recoverability.Remote,
                    $"{Count(e)} unplanned boots within {Minutes(e.WindowMinutes)}{Suffix("last boot reason", e.BootReason)}", Key(signal.Type, null), true, false, false, null);
            case SignalTypes.AlarmRecurring:
                return Alarm(signal, e, port, $"alarm {AlarmCode(e) ?? e.Cause ?? "?"} raised {Count(e)} times within {Minutes(e.WindowMinutes)}", Owner.Techops);
            case SignalTypes.AlarmAging:
                return Alarm(signal, e, port, $"alarm {AlarmCode(e) ?? e.Cause ?? "?"} open since {Since(e)}", null);
            case SignalTypes.SessionFailures:
                return new SignalClass(IncidentCause.Session, Recoverability.Remote,
                    $"{Count(e)} sessions ended abnormally soon after start{Suffix("reason", e.Reason)}", Key(signal.Type, e.Reason), !port, false, false, null);
            case SignalTypes.AuthFailures:
                return Auth(signal, e, port);
            case SignalTypes.RestartIneffective:
                var restartCause = ErrorCodeCauses.Of(e.ErrorCode) is var c && c != IncidentCause.Unknown ? c : IncidentCause.Hardware;
                return new SignalClass(restartCause, Recoverability.Field,
                    $"fault {e.ErrorCode ?? e.Cause ?? "?"} returned after {Count(e)} remote restarts", Key(signal.Type, e.ErrorCode), !port, false, false, Owner.Field);
            case SignalTypes.PowerDerating:
                return new SignalClass(IncidentCause.Thermal, Recoverability.Field,
                    e.ErrorCode == "HighTemperature"
                        ? "power derated with HighTemperature reported"
                        : $"power held below the model's rating{Suffix("reason", e.Reason ?? e.Cause)}", Key(signal.Type, null), !port, false, false, null);
            case SignalTypes.FirmwareFailure:
                return new SignalClass(IncidentCause.Firmware, Recoverability.Remote,
                    $"firmware update failed ({e.Status ?? e.Reason ?? e.Cause ?? "failed"})", Key(signal.Type, null), true, false, signal.Scope == SignalScope.Fleet, null);
            default:
                return new SignalClass(IncidentCause.Unknown, Recoverability.Remote,
                    $"signal {signal.Type}", Key(signal.Type, e.ErrorCode), !port, false, signal.Scope == SignalScope.Fleet, null);
        }
    }

    private static SignalClass Outage(Signal signal, SignalEvidence e, bool port)
    {
        if (e.Cause == "offline")
        {
            return new SignalClass(IncidentCause.Comms, Recoverability.Remote, "port down because the charger is silent",
                Key(SignalTypes.CommsOffline, null), true, true, false, null);
        }

        var station = e.Cause?.StartsWith("station_", StringComparison.Ordinal) == true || !port;
        var cause = ErrorCodeCauses.OfStatus(e.Status, e.ErrorCode);
        var recovery = ErrorCodeCauses.IsPhysical(cause) ? Recoverability.Field : Recoverability.Remote;
        var where = station ? "charger" : "connector";
        return new SignalClass(cause, recovery,
            $"{where} {e.Status ?? e.Cause ?? "down"}{Suffix("errorCode", e.ErrorCode)}", Key(signal.Type, e.ErrorCode), station, false, false, null);
    }

    private static SignalClass Alarm(Signal signal, SignalEvidence e, bool port, string evidence, Owner? minimum)
    {
        var code = AlarmCode(e);
        var cause = ErrorCodeCauses.OfStatus(e.Status, code);
        var recovery = ErrorCodeCauses.IsPhysical(cause) ? Recoverability.Field : Recoverability.Remote;
        return new SignalClass(cause, recovery, evidence, Key(signal.Type, code), !port, false, false, minimum);
    }

    /// <summary>
    /// The alarm's code: the 1.6 errorCode, else the variable of a 2.0.1 NotifyEvent alert
    /// (<c>component/variable[/techCode]</c>), whose standard variables (OverVoltage, …) share the 1.6 names.
    /// </summary>
    private static string? AlarmCode(SignalEvidence e)
    {
        if (e.ErrorCode is not null || e.Alert is not { } alert)
        {
            return e.ErrorCode;
        }

        var parts = alert.Split('/');
        return parts.Length >= 2 && parts[1].Length > 0 ? parts[1] : null;
    }

    private static SignalClass Auth(Signal signal, SignalEvidence e, bool port)
    {
        if (signal.Scope == SignalScope.Fleet || e.Cause == "backend")
        {
            return new SignalClass(IncidentCause.Auth, Recoverability.Remote,
                $"authorisations rejected across the fleet{Suffix("status", e.Status)}: the backend, not the chargers", Key(signal.Type, "backend"), true, false, true, null);
        }

        if (e.ErrorCode == "ReaderFailure")
        {
            return new SignalClass(IncidentCause.Hardware, Recoverability.Field, "authorisations fail and the charger reports ReaderFailure",
                Key(signal.Type, e.ErrorCode), !port, false, false, null);
        }

        return new SignalClass(IncidentCause.Auth, Recoverability.Field,
            $"{Count(e)} authorisations rejected on this charger while the fleet accepts{Suffix("status", e.Status)}: reader or local list suspected",
            Key(signal.Type, null), !port, false, false, null);
    }

    private static string Key(string type, string? code) => code is null ? type : type + ":" + code;

    private static string Count(SignalEvidence e) => e.Count is { } n ? n.ToString(CultureInfo.InvariantCulture) : "several";

    private static string Minutes(double? minutes) =>
        minutes is { } m ? (m >= 120 ? $"{(m / 60).ToString("0.#", CultureInfo.InvariantCulture)} h" : $"{m.ToString("0.#", CultureInfo.InvariantCulture)} min") : "the window";

    private static string Since(SignalEvidence e) =>
        e.SinceMs is { } since ? Rfc3339.Format(since) : "long";

    private static string Suffix(string label, string? value) => value is null ? "" : $", {label} {value}";
}
