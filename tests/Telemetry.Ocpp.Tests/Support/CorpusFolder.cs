using Telemetry.Testing;

namespace Telemetry.Ocpp.Tests.Support;

/// <summary>The shared OCPP-J fuzz corpus (one frame per file).</summary>
public static class CorpusFolder
{
    public static string Find() => SharedSamples.Path("ocpp-rs-fuzz-corpus");
}
