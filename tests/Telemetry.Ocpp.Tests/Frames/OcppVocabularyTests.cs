using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Frames;

namespace Telemetry.Ocpp.Tests.Frames;

/// <summary>Each vocabulary enum is named after the spec's strings: every member's name must map back to that member.</summary>
public class OcppVocabularyTests
{
    [Fact]
    public void Vocabulary_MapsEveryMemberName_ToThatMember()
    {
        AssertRoundTrip<ErrorCode>(name => OcppVocabulary.Error(name));
        AssertRoundTrip<RegistrationStatus>(name => OcppVocabulary.Registration(name));
        AssertRoundTrip<BootReason>(name => OcppVocabulary.BootReason(name));
        AssertRoundTrip<StopReason>(name => OcppVocabulary.StopReason(name));
        AssertRoundTrip<TriggerReason>(name => OcppVocabulary.TriggerReason(name));
        AssertRoundTrip<AuthorizationStatus>(name => OcppVocabulary.Authorization(name));
        AssertRoundTrip<ResetType>(name => OcppVocabulary.ResetType(name));
        AssertRoundTrip<CommandStatus>(name => OcppVocabulary.CommandStatus(name));
        AssertRoundTrip<FirmwareStatus>(name => OcppVocabulary.Firmware(name));
        AssertRoundTrip<DiagnosticsStatus>(name => OcppVocabulary.Diagnostics(name));
        AssertRoundTrip<CallErrorCode>(name => OcppVocabulary.CallError(name));
        AssertRoundTrip<AlertTrigger>(name => OcppVocabulary.AlertTrigger(name));
        AssertRoundTrip<AvailabilityType>(name => OcppVocabulary.Availability(name));
    }

    [Theory]
    [InlineData("Energy.Active.Import.Register", Measurand.EnergyActiveImportRegister)]
    [InlineData("Power.Active.Import", Measurand.PowerActiveImport)]
    [InlineData("Power.Offered", Measurand.PowerOffered)]
    [InlineData("SoC", Measurand.SoC)]
    [InlineData("Temperature", Measurand.Temperature)]
    [InlineData("Energy.Active.Export.Register", Measurand.None)]
    [InlineData("Voltage", Measurand.None)]
    public void Measurand_MapsSpecName_ToKeptMeasurand(string name, Measurand expected)
    {
        Assert.Equal(expected, OcppVocabulary.Measurand(Encoding.UTF8.GetBytes(name)));
    }

    [Theory]
    [InlineData("BootNotification", OcppAction.BootNotification)]
    [InlineData("TransactionEvent", OcppAction.TransactionEvent)]
    [InlineData("RequestStopTransaction", OcppAction.RequestStopTransaction)]
    [InlineData("SignedFirmwareStatusNotification", OcppAction.SignedFirmwareStatusNotification)]
    [InlineData("GetConfiguration", OcppAction.Unknown)]
    public void Action_MapsActionName_ToAction(string name, OcppAction expected)
    {
        Assert.Equal(expected, OcppVocabulary.Action(Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void Action_MapsEveryActionName_ToThatAction()
    {
        foreach (var action in Enum.GetValues<OcppAction>())
        {
            if (action != OcppAction.Unknown)
            {
                Assert.Equal(action, OcppVocabulary.Action(Encoding.UTF8.GetBytes(action.ToString())));
            }
        }
    }

    private static void AssertRoundTrip<T>(Func<byte[], T> map)
        where T : struct, Enum
    {
        foreach (var member in Enum.GetValues<T>())
        {
            var name = member.ToString();
            if (name is "None" or "Unrecognised")
            {
                continue;
            }

            Assert.Equal(member, map(Encoding.UTF8.GetBytes(name)));
        }

        // A string outside the vocabulary is kept as Unrecognised where the enum has it (RegistrationStatus has not).
        var fallback = Enum.IsDefined(typeof(T), "Unrecognised") ? "Unrecognised" : "None";
        Assert.Equal(fallback, map("NotInAnyOcppVersion"u8.ToArray()).ToString());
    }
}
