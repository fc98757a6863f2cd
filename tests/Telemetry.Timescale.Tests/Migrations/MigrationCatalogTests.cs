using Telemetry.Timescale.Migrations;

namespace Telemetry.Timescale.Tests.Migrations;

public class MigrationCatalogTests
{
    [Fact]
    public void Embedded_HoldsEverySqlFile_FromSchemasFolder()
    {
        var folder = Path.Combine(FindRepositoryRoot(), "schemas", "timescale");
        var files = Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(files);
        Assert.Equal(files.Count, MigrationCatalog.Embedded.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var migration = MigrationCatalog.Embedded[i];
            Assert.Equal(Path.GetFileName(files[i]), $"{migration.Version:D3}_{migration.Name}.sql");
            Assert.Equal(File.ReadAllText(files[i]), migration.Sql);
        }
    }

    [Fact]
    public void Embedded_IsInStrictlyAscendingVersionOrder()
    {
        var versions = MigrationCatalog.Embedded.Select(m => m.Version).ToList();

        Assert.All(versions, v => Assert.True(v > 0));
        Assert.Equal(versions.Order().Distinct(), versions);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Telemetry.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Telemetry.sln not found above " + AppContext.BaseDirectory);
    }
}
