namespace Telemetry.Files.Tests;

internal sealed class TempFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "telemetry-files-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => File.Delete(Path);
}
