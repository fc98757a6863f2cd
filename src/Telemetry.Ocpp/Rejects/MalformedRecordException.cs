namespace Telemetry.Ocpp.Rejects;

/// <summary>Thrown on the cold path when a record cannot be used; caught once per record by the reader.</summary>
public sealed class MalformedRecordException : Exception
{
    public MalformedRecordException()
    {
    }

    public MalformedRecordException(string message)
        : base(message)
    {
    }

    public MalformedRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MalformedRecordException(RejectReason reason)
        : base(RejectReasonNames.Of(reason)) => Reason = reason;

    public RejectReason Reason { get; }
}
