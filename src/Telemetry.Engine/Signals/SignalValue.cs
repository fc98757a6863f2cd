namespace Telemetry.Engine.Signals;

/// <summary>
/// A signal as a detector hands it to its sink: the fields of <see cref="Signal"/> in a value that
/// lives on the detector's stack, so that raising or clearing a signal allocates nothing. It is
/// valid for the call only; a sink that keeps signals makes a <see cref="Signal"/> of it.
/// Detectors build it only in methods kept out of line (<c>MethodImplOptions.NoInlining</c>):
/// a method holding this large value zeroes its stack space on every call, which must not be
/// paid by the per-event path that raises nothing.
/// </summary>
public readonly record struct SignalValue(
    string Type,
    SignalState State,
    long TimestampMs,
    string ChargePoint,
    ushort? Port,
    SignalScope Scope,
    SignalEvidence Evidence)
{
    public Signal ToSignal() => new(Type, State, TimestampMs, ChargePoint, Port, Scope, Evidence);
}
