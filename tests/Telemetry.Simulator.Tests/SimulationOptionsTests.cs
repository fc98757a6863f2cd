namespace Telemetry.Simulator.Tests;

public class SimulationOptionsTests
{
    [Fact]
    public void Validate_Accepts_Defaults()
    {
        new SimulationOptions().Validate();
    }

    [Theory]
    [InlineData(0, 1, 1, "Chargers")]
    [InlineData(-5, 1, 1, "Chargers")]
    [InlineData(1_000_000, 1, 1, "Chargers")]
    [InlineData(3, 0, 1, "Sites")]
    [InlineData(3, 4, 1, "Sites")]
    [InlineData(3, 1, 0, "Days")]
    [InlineData(3, 1, 367, "Days")]
    public void Validate_Throws_ForFleetOutOfRange(int chargers, int sites, int days, string name)
    {
        var options = new SimulationOptions { Chargers = chargers, Sites = sites, Days = days };

        var exception = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(name, exception.ParamName);
        Assert.StartsWith(name + " must be between", exception.Message);
    }

    [Fact]
    public void Validate_Accepts_Boundaries()
    {
        new SimulationOptions { Chargers = 1, Sites = 1, Days = 1 }.Validate();
        new SimulationOptions { Chargers = 7, Sites = 7, Days = 366 }.Validate();
    }

    [Theory]
    [InlineData(nameof(SimulationOptions.Ocpp201Share), 1.5)]
    [InlineData(nameof(SimulationOptions.Ocpp201Share), double.NaN)]
    [InlineData(nameof(SimulationOptions.SessionsPerPortPerDay), -1)]
    [InlineData(nameof(SimulationOptions.OfflineFaultsPerChargerDay), 2)]
    [InlineData(nameof(SimulationOptions.ConnectorFaultsPerChargerDay), -0.1)]
    public void Validate_Throws_ForRateOutOfRange(string name, double value)
    {
        var options = name switch
        {
            nameof(SimulationOptions.Ocpp201Share) => new SimulationOptions { Ocpp201Share = value },
            nameof(SimulationOptions.SessionsPerPortPerDay) => new SimulationOptions { SessionsPerPortPerDay = value },
            nameof(SimulationOptions.OfflineFaultsPerChargerDay) => new SimulationOptions { OfflineFaultsPerChargerDay = value },
            _ => new SimulationOptions { ConnectorFaultsPerChargerDay = value },
        };

        var exception = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(name, exception.ParamName);
    }

    [Fact]
    public void Validate_Throws_ForHeartbeatIntervalOutOfRange()
    {
        var exception = Assert.Throws<ArgumentException>(new SimulationOptions { HeartbeatIntervalSeconds = 0 }.Validate);

        Assert.Equal(nameof(SimulationOptions.HeartbeatIntervalSeconds), exception.ParamName);
    }

    [Fact]
    public void FleetSimulator_Throws_ForInvalidOptions()
    {
        var exception = Assert.Throws<ArgumentException>(() => new FleetSimulator(new SimulationOptions { Chargers = 2, Sites = 3 }));

        Assert.Equal(nameof(SimulationOptions.Sites), exception.ParamName);
    }
}
