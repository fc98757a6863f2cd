namespace Telemetry.Simulator.Capture;

/// <summary>One step of a library fault's traffic; the message id and the answer's delay are drawn when it runs.</summary>
/// <param name="Result">The kind of the answer, for calls that get one.</param>
internal readonly record struct ScriptStep(ScriptOp Op, CaptureRecord Record, RecordKind Result = RecordKind.EmptyResult, SessionPlan Session = default)
{
    public long TimeMs => Record.TimeMs;
}
