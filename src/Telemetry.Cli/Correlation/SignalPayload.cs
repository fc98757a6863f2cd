using System.Text.Json;
using Telemetry.Engine.Signals;

namespace Telemetry.Cli.Correlation;

/// <summary>Encodes and decodes a signal as the decisions topic carries it.</summary>
internal static class SignalPayload
{
    public static byte[] Encode(Signal signal) => JsonSerializer.SerializeToUtf8Bytes(signal, SignalPayloadContext.Default.Signal);

    /// <returns>Null when the payload is not a signal.</returns>
    public static Signal? TryDecode(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, SignalPayloadContext.Default.Signal);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
