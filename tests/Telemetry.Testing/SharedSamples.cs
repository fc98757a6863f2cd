namespace Telemetry.Testing;

/// <summary>
/// Finds the shared OCPP samples (<c>shared/ocpp/samples</c>) that sit beside the repository, or
/// beside one of its parents (a worktree is deeper than the main checkout). Missing samples are
/// an error, never a reason to skip.
/// </summary>
public static class SharedSamples
{
    private const string Samples = "shared/ocpp/samples";

    /// <summary>The full path of <paramref name="relative"/> inside the samples folder; throws when it is absent.</summary>
    public static string Path(string relative)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var samples = System.IO.Path.Combine(folder.FullName, Samples);
            if (Directory.Exists(samples))
            {
                var path = System.IO.Path.Combine(samples, relative);
                return File.Exists(path) || Directory.Exists(path)
                    ? path
                    : throw new InvalidOperationException($"'{relative}' is missing from {samples}.");
            }
        }

        throw new InvalidOperationException($"No folder containing '{Samples}' was found above {AppContext.BaseDirectory}.");
    }
}
