namespace Telemetry.Timescale.Sink;

/// <summary>
/// A batch could not be written after every retry. Nothing of it was committed, its offsets
/// included: the caller must not advance past it, and resumes from the stored offsets.
/// </summary>
public sealed class SinkUnavailableException : Exception
{
    public SinkUnavailableException()
    {
    }

    public SinkUnavailableException(string message)
        : base(message)
    {
    }

    public SinkUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SinkUnavailableException(string target, int attempts, Exception innerException)
        : base($"Writing to {target} failed after {attempts} attempts: {innerException?.Message}", innerException)
    {
        Attempts = attempts;
    }

    /// <summary>Tries made before giving up.</summary>
    public int Attempts { get; }
}
