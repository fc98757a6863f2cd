using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Ocpp.Tests.Tap;

public class ChargePointIdsTests
{
    [Theory]
    [InlineData("A")]
    [InlineData("CP-7")]
    [InlineData("CP-00001")]
    [InlineData("CP-000025")]
    [InlineData("CP-0000000000025")]
    [InlineData("CP-00000000000025")]
    [InlineData("CP-000000000000025")]
    [InlineData("DE*ABC*E1234567890*0001")]
    public void Intern_GivesTheRegistrysId_ForEveryLength(string id)
    {
        var registry = new ChargerRegistry();
        registry.Intern("first"u8);
        var ids = new ChargePointIds(registry);

        var charger = ids.Intern(Encoding.UTF8.GetBytes(id));

        Assert.Equal(id, registry.NameOf(charger));
        Assert.Equal(charger, ids.Intern(Encoding.UTF8.GetBytes(id)));
    }

    [Fact]
    public void Intern_TellsIdsApart_WhenTheyDifferInOneByteOrInLength()
    {
        // Pairs that share the first and last 8 bytes, or a prefix padded with zero bytes.
        string[] names =
        [
            "CP-000001", "CP-000002", "CP-00001", "CP-0001", "CP-0001\0", "CP-1000001",
            "AAAAAAAA-1-BBBBBBBB", "AAAAAAAA-2-BBBBBBBB", "AAAAAAAA-12-BBBBBBBB", "AAAAAAAABBBBBBBB", "AAAAAAAA-BBBBBBBB",
        ];
        var registry = new ChargerRegistry();
        var ids = new ChargePointIds(registry);

        var first = names.Select(n => ids.Intern(Encoding.UTF8.GetBytes(n))).ToArray();
        var again = names.Reverse().Select(n => ids.Intern(Encoding.UTF8.GetBytes(n))).Reverse().ToArray();

        Assert.Equal(names.Length, first.Distinct().Count());
        Assert.Equal(first, again);
        Assert.Equal(names, first.Select(registry.NameOf));
    }

    [Fact]
    public void Intern_KeepsEveryId_WhenTheTableGrows()
    {
        var registry = new ChargerRegistry();
        var ids = new ChargePointIds(registry);
        var names = Enumerable.Range(0, 5000).Select(i => i % 2 == 0 ? $"CP-{i:D6}" : $"station-{i:D6}-long-serial").ToArray();

        var first = names.Select(n => ids.Intern(Encoding.UTF8.GetBytes(n))).ToArray();

        Assert.Equal(names, first.Select(registry.NameOf));
        Assert.Equal(first, names.Select(n => ids.Intern(Encoding.UTF8.GetBytes(n))));
        Assert.Equal(names.Length, registry.Count);
    }

    [Fact]
    public void Intern_RefusesAnEmptyId_BeforeAndAfterOthers()
    {
        var ids = new ChargePointIds(new ChargerRegistry());

        Assert.Equal(-1, ids.Intern([]));
        Assert.Equal(0, ids.Intern("CP-1"u8));
        Assert.Equal(-1, ids.Intern([]));
    }

    [Fact]
    public void Intern_RefusesAnIdTheRegistryRefuses_AndDoesNotRememberIt()
    {
        var registry = new ChargerRegistry();
        var ids = new ChargePointIds(registry);
        var tooLong = Encoding.UTF8.GetBytes(new string('x', ChargerRegistry.MaxIdLength + 1));

        Assert.Equal(-1, ids.Intern(tooLong));
        Assert.Equal(-1, ids.Intern(tooLong));
        Assert.Equal(0, registry.Count);
    }
}
