namespace Telemetry.Ocpp.Tests.Csv;

/// <summary>Finds the shared kwwhat synthetic OCPP 1.6 log export beside the repository (or one of its parents).</summary>
public static class SampleExport
{
    private const string Samples = "shared/ocpp/samples";
    private const string Export = "kwwhat-synthetic-16/ocpp_1_6_synthetic_logs_14d.csv";

    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var samples = Path.Combine(folder.FullName, Samples);
            if (Directory.Exists(samples))
            {
                var file = Path.Combine(samples, Export);
                Assert.True(File.Exists(file), $"The sample export '{Export}' is missing from {samples}.");
                return file;
            }
        }

        Assert.Fail($"No folder containing '{Samples}' was found above {AppContext.BaseDirectory}.");
        return string.Empty;
    }
}
