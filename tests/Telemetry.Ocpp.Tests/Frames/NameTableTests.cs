using System.Text;
using Telemetry.Ocpp.Frames;

namespace Telemetry.Ocpp.Tests.Frames;

public class NameTableTests
{
    private static readonly string[] s_names =
    [
        "Soft", "Hard", "Heartbeat", "Authorize", "BootNotification", "StatusNotification", "StartNotification",
        "Energy.Active.Import.Register", "Energy.Active.Export.Register",
    ];

    private static readonly NameTable s_table = new(s_names);

    [Fact]
    public void Find_GivesEachNamesPositionPlusOne_ForEveryLength()
    {
        for (var i = 0; i < s_names.Length; i++)
        {
            Assert.Equal(i + 1, s_table.Find(Encoding.UTF8.GetBytes(s_names[i]), notFound: 255));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Sof")]
    [InlineData("Soft\0")]
    [InlineData("soft")]
    [InlineData("Heartbeet")]
    [InlineData("BootNotificatiom")]
    [InlineData("StatusNotificatiom")]
    [InlineData("StatusMotification")]
    [InlineData("Energy.Active.Imqort.Register")]
    [InlineData("Energy.Active.Import.Register.")]
    public void Find_GivesNotFound_ForNearMisses(string name)
    {
        Assert.Equal(255, s_table.Find(Encoding.UTF8.GetBytes(name), notFound: 255));
    }
}
