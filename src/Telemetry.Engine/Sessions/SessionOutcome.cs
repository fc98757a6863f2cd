namespace Telemetry.Engine.Sessions;

/// <summary>How a session ended, as judged for <c>session.failures</c>.</summary>
public enum SessionOutcome : byte
{
    /// <summary>Started, authorised and not ended early: the driver got a charge.</summary>
    Succeeded = 1,

    /// <summary>Stopped for an abnormal reason while short or with near-zero energy.</summary>
    EarlyTermination = 2,

    /// <summary>The CSMS refused the start (1.6 StartTransaction idTagInfo not Accepted).</summary>
    RejectedStart = 3,

    /// <summary>A 2.0.1 transaction opened on plug-in that was never authorised: the driver left, nothing to judge.</summary>
    Unauthorised = 4,

    /// <summary>A new transaction started on the port before this one's stop was seen: its end is the next start, nothing to judge.</summary>
    Unended = 5,
}
