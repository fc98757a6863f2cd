namespace Telemetry.Timescale.Tests;

public class TimescaleDataSourceTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Create_Throws_WhenConnectionStringIsEmpty(string connectionString)
    {
        var options = new TimescaleOptions { ConnectionString = connectionString };

        Assert.Throws<ArgumentException>(() => TimescaleDataSource.Create(options));
    }

    [Fact]
    public void Create_ThrowsWithoutPassword_WhenConnectionStringIsMalformed()
    {
        var options = new TimescaleOptions { ConnectionString = "Host=db;Password=hunter2-secret;Colour=blue" };

        var error = Assert.Throws<ArgumentException>(() => TimescaleDataSource.Create(options));

        Assert.DoesNotContain("hunter2-secret", error.ToString());
    }

    [Fact]
    public void Create_NamesTheApplication_WhenConnectionStringDoesNot()
    {
        var options = new TimescaleOptions { ConnectionString = "Host=db;Username=u;Database=d" };

        using var dataSource = TimescaleDataSource.Create(options);

        Assert.Contains("Application Name=telemetry", dataSource.ConnectionString);
    }

    [Fact]
    public void Create_KeepsApplicationName_WhenConnectionStringHasOne()
    {
        var options = new TimescaleOptions { ConnectionString = "Host=db;Application Name=worker-3" };

        using var dataSource = TimescaleDataSource.Create(options);

        Assert.Contains("Application Name=worker-3", dataSource.ConnectionString);
    }
}
