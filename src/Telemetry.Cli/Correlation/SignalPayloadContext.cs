using System.Text.Json.Serialization;
using Telemetry.Engine.Signals;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// The decisions topic's signal payload: every field of the engine's signal, so the correlator
/// decides on exactly what the detectors produced (signals.jsonl leaves some out).
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Signal))]
internal sealed partial class SignalPayloadContext : JsonSerializerContext;
