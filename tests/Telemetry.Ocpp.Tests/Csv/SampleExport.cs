using Telemetry.Testing;

namespace Telemetry.Ocpp.Tests.Csv;

/// <summary>The shared kwwhat synthetic OCPP 1.6 log export (14 days, CSV).</summary>
public static class SampleExport
{
    public static string Find() => SharedSamples.Path("kwwhat-synthetic-16/ocpp_1_6_synthetic_logs_14d.csv");
}
