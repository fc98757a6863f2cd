namespace Telemetry.Ocpp.Tests.Support;

/// <summary>Finds the shared OCPP sample folder that sits next to the repository (or one of its parents).</summary>
public static class CorpusFolder
{
    private const string Relative = "shared/ocpp/samples/ocpp-rs-fuzz-corpus";

    public static string Find()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "Telemetry.sln")))
        {
            repository = repository.Parent;
        }

        Assert.True(repository is not null, $"No folder containing Telemetry.sln above {AppContext.BaseDirectory}.");

        // A worktree sits one level deeper than the main checkout, so look beside every ancestor.
        for (var folder = repository.Parent; folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, Relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"The OCPP sample corpus '../{Relative}' was not found beside {repository.FullName} or its parents.");
        return string.Empty;
    }
}
