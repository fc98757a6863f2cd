namespace Telemetry.Simulator.Capture;

/// <summary>
/// One tap record waiting to be written. A compact value rather than serialised bytes, so a
/// charger's pending records cost a few words each; the meaning of the optional fields depends on
/// <see cref="Kind"/>.
/// </summary>
/// <param name="Variant">A <see cref="PortStatus"/> or <see cref="TransactionStep"/>.</param>
/// <param name="Reason">Index of a fault code or stop reason in <see cref="CaptureVocabulary"/>.</param>
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
    int SeqNo = 0);
