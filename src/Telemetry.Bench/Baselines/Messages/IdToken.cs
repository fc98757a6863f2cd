using System.Text.Json.Serialization;

namespace Telemetry.Bench.Baselines.Messages;

/// <summary>2.0.1 IdTokenType.</summary>
public sealed class IdToken
{
    [JsonPropertyName("idToken")]
    public string? Value { get; set; }

    public string? Type { get; set; }
}
