using System.Reflection;
using System.Runtime.InteropServices;

namespace Telemetry.Kafka.Embedded;

/// <summary>
/// Binds this assembly's P/Invokes to the librdkafka copy that Confluent.Kafka already loaded.
/// </summary>
/// <remarks>
/// The mock cluster pointer belongs to the librdkafka instance that created it; calling into a
/// second copy of the library (another path, same file name) would read foreign memory. So the
/// resolver prefers the module already mapped into the process and only then falls back to the
/// package's runtimes/&lt;rid&gt;/native file next to the application.
/// </remarks>
internal static class LibrdkafkaResolver
{
    public const string LibraryName = "librdkafka";

    private static readonly Lock s_gate = new();
    private static bool s_registered;

    /// <summary>Registers the resolver once; must run before the first call into <see cref="MockClusterNative"/>.</summary>
    public static void EnsureRegistered()
    {
        lock (s_gate)
        {
            if (s_registered)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaResolver).Assembly, Resolve);
            s_registered = true;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }

        var path = FindLoadedPath() ?? FindPackagedPath();
        return path is not null && NativeLibrary.TryLoad(path, out var handle) ? handle : IntPtr.Zero;
    }

    /// <summary>Linux only: the process's memory map names every shared object already loaded.</summary>
    private static string? FindLoadedPath()
    {
        const string Maps = "/proc/self/maps";
        if (!OperatingSystem.IsLinux() || !File.Exists(Maps))
        {
            return null;
        }

        foreach (var line in File.ReadLines(Maps))
        {
            // Columns: address perms offset dev inode pathname; the path is the last column.
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..];
            // Matches librdkafka.so, librdkafka.so.1 and the package's distro variants
            // (centos8-librdkafka.so, alpine-librdkafka.so).
            if (Path.GetFileName(path).Contains("librdkafka.so", StringComparison.Ordinal))
            {
                return path;
            }
        }

        return null;
    }

    private static string? FindPackagedPath()
    {
        var fileName = OperatingSystem.IsWindows() ? "librdkafka.dll"
            : OperatingSystem.IsMacOS() ? "librdkafka.dylib"
            : "librdkafka.so";
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", $"{os}-{arch}", "native", fileName);
        return File.Exists(path) ? path : null;
    }
}
