using System.Globalization;
using System.Reflection;

namespace Telemetry.Timescale.Migrations;

/// <summary>
/// The migrations embedded in this assembly from <c>schemas/timescale/NNN_name.sql</c>, in
/// version order.
/// </summary>
public static class MigrationCatalog
{
    /// <summary>Manifest name prefix given to the .sql files by the project file.</summary>
    internal const string ResourcePrefix = "Telemetry.Timescale.Schema.";

    private const string SqlExtension = ".sql";

    private static readonly Lazy<IReadOnlyList<Migration>> s_embedded =
        new(() => Load(typeof(MigrationCatalog).Assembly));

    /// <summary>All embedded migrations, ascending by version.</summary>
    public static IReadOnlyList<Migration> Embedded => s_embedded.Value;

    private static List<Migration> Load(Assembly assembly)
    {
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                || !resource.EndsWith(SqlExtension, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[ResourcePrefix.Length..];
            var (version, name) = ParseFileName(fileName);
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded migration {fileName} cannot be read.");
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        migrations.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Two migrations share version {migrations[i].Version}: {migrations[i - 1].Name} and {migrations[i].Name}.");
            }
        }

        return migrations;
    }

    /// <summary>Splits <c>NNN_name.sql</c> into its version and name.</summary>
    private static (int Version, string Name) ParseFileName(string fileName)
    {
        var stem = fileName[..^SqlExtension.Length];
        var underscore = stem.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0
            || underscore == stem.Length - 1
            || !int.TryParse(stem.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || version <= 0)
        {
            throw new InvalidOperationException(
                $"Migration file {fileName} must be named NNN_name.sql with a positive version NNN.");
        }

        return (version, stem[(underscore + 1)..]);
    }
}
