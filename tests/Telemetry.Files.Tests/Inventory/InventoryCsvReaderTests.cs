using Telemetry.Files.Inventory;

namespace Telemetry.Files.Tests.Inventory;

public sealed class InventoryCsvReaderTests
{
    [Fact]
    public void Read_MapsChargersToSites_WithOptionalColumnsInAnyOrder()
    {
        var csv = """
            site,cp,model,connectors,commissioned
            SITE-A,CP-1,Wallbox X,2,2025-06-01
            SITE-B,CP-2,,1,
            """;

        var inventory = InventoryCsvReader.Read(new StringReader(csv), "inventory.csv");

        Assert.Equal(2, inventory.Count);
        var first = inventory.Find("CP-1")!;
        Assert.Equal("SITE-A", first.Site);
        Assert.Equal("Wallbox X", first.Model);
        Assert.Equal(2, first.Connectors);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero), first.Commissioned);
        Assert.Null(inventory.Find("CP-2")!.Model);
        Assert.Null(inventory.SiteOf("CP-3"));
    }

    [Fact]
    public void Read_TakesTheRatedPower_WhenTheColumnIsThere()
    {
        var csv = """
            cp,site,rated_kw
            CP-1,SITE-A,150
            CP-2,SITE-A,7.4
            CP-3,SITE-A,
            """;

        var inventory = InventoryCsvReader.Read(new StringReader(csv), "inventory.csv");

        Assert.Equal(150, inventory.Find("CP-1")!.RatedKw);
        Assert.Equal(7.4, inventory.Find("CP-2")!.RatedKw);
        Assert.Null(inventory.Find("CP-3")!.RatedKw);
    }

    [Theory]
    [InlineData("", "empty inventory")]
    [InlineData("cp,site,rated_kw\nCP-1,S,fast", "inventory.csv:2: rated_kw 'fast'")]
    [InlineData("cp,site,rated_kw\nCP-1,S,0", "inventory.csv:2: rated_kw '0'")]
    [InlineData("charger,site\nCP-1,S", "'cp' and 'site'")]
    [InlineData("cp,site\nCP-1,S,extra", "inventory.csv:2")]
    [InlineData("cp,site\nCP-1,S\nCP-1,T", "appears twice")]
    public void Read_Throws_WhenTheFileIsMalformed(string csv, string expected)
    {
        var error = Assert.ThrowsAny<Exception>(() => InventoryCsvReader.Read(new StringReader(csv), "inventory.csv"));

        Assert.True(error is FormatException or ArgumentException, error.GetType().Name);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
