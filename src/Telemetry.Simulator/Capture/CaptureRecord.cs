namespace Telemetry.Simulator.Capture;

/// <summary>
/// One tap record waiting to be written. A compact value rather than serialised bytes, so a
/// charger's pending records cost a few words each; the meaning of the optional fields depends on
/// <see cref="Kind"/>.
/// </summary>
/// <param name="Variant">A <see cref="PortStatus"/>, <see cref="TransactionStep"/>, authorisation status,
/// firmware status, alarm state (1 cleared), availability (1 Operative) or reset type (1 Hard/Immediate).</param>
/// <param name="Reason">Index of a fault code or stop reason in <see cref="CaptureVocabulary"/>; on a
/// StatusNotification that is not Faulted, 1 + the index of an alarm code (0: no alarm).</param>
/// <param name="OfferedW">Power.Offered sampled with the meter values, 0 when not sampled.</param>
/// <param name="EventMs">When the charger recorded what it sends late (payload timestamps), 0 when sent at once.</param>
internal readonly record struct CaptureRecord(
    long TimeMs,
    RecordKind Kind,
    int MessageId = 0,
    int Port = 0,
    int Transaction = 0,
    long EnergyWh = 0,
    int PowerW = 0,
    int Variant = 0,
    int Reason = 0,
    uint Token = 0,
    int SeqNo = 0,
    int OfferedW = 0,
    long EventMs = 0)
{
    /// <summary>The time written in the payload: when it happened, which is when it is sent unless it was queued.</summary>
    public long PayloadMs => EventMs != 0 ? EventMs : TimeMs;
}
