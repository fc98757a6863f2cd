namespace Telemetry.Ocpp.Framing;

/// <summary>
/// Receives the lines a <see cref="LineReader"/> frames. Implement it on a struct; spans are
/// only valid during the call.
/// </summary>
public interface ILineHandler
{
    /// <summary>A complete, non-blank line without its CR/LF.</summary>
    /// <param name="number">1-based line number in the input.</param>
    /// <param name="offset">Byte offset of the line's first byte in the input.</param>
    void OnLine(ReadOnlySpan<byte> line, long number, long offset);

    /// <summary>A line longer than the limit, given by its first bytes; the rest is skipped.</summary>
    void OnOversized(ReadOnlySpan<byte> prefix, long number, long offset);
}
