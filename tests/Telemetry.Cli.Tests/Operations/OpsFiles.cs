namespace Telemetry.Cli.Tests.Operations;

/// <summary>Paths of the files under ops/ in this repository.</summary>
internal static class OpsFiles
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Telemetry.sln")))
            {
                return System.IO.Path.Combine([dir.FullName, "ops", .. parts]);
            }
        }

        throw new InvalidOperationException("Telemetry.sln not found above " + AppContext.BaseDirectory);
    }
}
