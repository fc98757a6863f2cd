using Telemetry.Simulator.Faults;

namespace Telemetry.Simulator.Tests;

/// <summary>Checks truth.json against the capture bytes alone, as a detector test would read them.</summary>
public class CaptureTruthTests
{
    public static TheoryData<int, int, int> Fleets => new()
    {
        { 1, 4, 2 },
        { 2, 5, 3 },
        { 3, 8, 1 },
        { 4, 2, 1 },
    };

    private static SimulationRun Generate(int seed, int chargers, int days) => SimulationRun.Generate(new SimulationOptions
    {
        Seed = seed,
        Chargers = chargers,
        Sites = Math.Min(2, chargers),
        Days = days,
        Ocpp201Share = 0.5,
        OfflineFaultsPerChargerDay = 0.3,
        ConnectorFaultsPerChargerDay = 0.4,
    });

    [Theory]
    [MemberData(nameof(Fleets))]
    public void OfflineFault_SilencesCharger_BetweenDisconnectAndReconnect(int seed, int chargers, int days)
    {
        var run = Generate(seed, chargers, days);
        var records = run.Records().ToList();
        var offline = run.Truth.Faults.Where(f => f.Kind == FaultKind.Offline).ToList();

        Assert.NotEmpty(offline);
        foreach (var fault in offline)
        {
            var mine = records.Where(r => r.Cp == fault.ChargePoint).ToList();
            Assert.DoesNotContain(mine, r => r.Ts > fault.Start && r.Ts < fault.End);
            Assert.Contains(mine, r => r.Ts == fault.Start && r.Event == "disconnected");
            Assert.Contains(mine, r => r.Ts == fault.End && r.Event == "connected");
            var afterwards = mine.Where(r => r.Ts > fault.End).ToList();
            Assert.Contains(afterwards, r => r.IsCall("BootNotification"));
        }
    }

    [Theory]
    [MemberData(nameof(Fleets))]
    public void EveryDisconnect_IsAnOfflineFaultStart_OrInsideAFlapResetLoopOrPlannedReset(int seed, int chargers, int days)
    {
        var run = Generate(seed, chargers, days);

        foreach (var record in run.Records().Where(r => r.Event == "disconnected"))
        {
            var offline = run.Truth.Faults.Any(f => f.Kind == FaultKind.Offline && f.ChargePoint == record.Cp && f.Start == record.Ts);
            var dropping = run.Truth.Faults.Any(f => f.Kind is FaultKind.CommsFlapping or FaultKind.ResetLoop
                && f.ChargePoint == record.Cp && record.Ts >= f.Start && record.Ts <= f.End);
            var planned = run.Truth.PlannedResets.Any(p => p.ChargePoint == record.Cp && record.Ts > p.Time && record.Ts <= p.Time.AddMinutes(1));
            Assert.True(offline || dropping || planned, $"{record.Cp} disconnected at {record.Ts:O}");
        }
    }

    [Theory]
    [MemberData(nameof(Fleets))]
    public void ConnectorFault_ReportsFaultedThenAvailable_OnItsPort(int seed, int chargers, int days)
    {
        var run = Generate(seed, chargers, days);
        var records = run.Records().ToList();
        var faults = run.Truth.Faults.Where(f => f.Kind == FaultKind.ConnectorFaulted).ToList();

        Assert.NotEmpty(faults);
        foreach (var fault in faults)
        {
            var mine = records.Where(r => r.Cp == fault.ChargePoint).ToList();
            Assert.Contains(mine, r => r.Ts == fault.Start && StatusOf(r, fault.Port!.Value) == "Faulted");
            Assert.Contains(mine, r => r.Ts == fault.End && StatusOf(r, fault.Port!.Value) == "Available");

            var during = mine.Where(r => r.Ts > fault.Start && r.Ts < fault.End).ToList();
            Assert.Contains(during, r => r.IsCall("Heartbeat"));
            Assert.DoesNotContain(during, r => StatusOf(r, fault.Port!.Value) is { } status);
            Assert.DoesNotContain(during, r => StartsSessionOn(r, fault.Port!.Value));
        }
    }

    [Theory]
    [MemberData(nameof(Fleets))]
    public void EveryFaultedStatus_IsAConnectorFaultStart(int seed, int chargers, int days)
    {
        var run = Generate(seed, chargers, days);

        foreach (var record in run.Records().Where(r => r.IsCall("StatusNotification")))
        {
            var port = PortOf(record);
            if (StatusOf(record, port) == "Faulted")
            {
                Assert.Contains(run.Truth.Faults, f =>
                    f.Kind == FaultKind.ConnectorFaulted && f.ChargePoint == record.Cp && f.Port == port && f.Start == record.Ts);
            }
        }
    }

    [Fact]
    public void FaultedStatus_CarriesAnErrorCode_OnOcpp16()
    {
        var run = SimulationRun.Generate(new SimulationOptions
        {
            Chargers = 6, Sites = 1, Days = 2, Ocpp201Share = 0, ConnectorFaultsPerChargerDay = 0.5,
        });
        var faulted = run.Records().Where(r => r.IsCall("StatusNotification") && r.Payload.GetProperty("status").GetString() == "Faulted").ToList();

        Assert.NotEmpty(faulted);
        foreach (var record in faulted)
        {
            Assert.NotEqual("NoError", record.Payload.GetProperty("errorCode").GetString());
            Assert.False(string.IsNullOrEmpty(record.Payload.GetProperty("vendorErrorCode").GetString()));
        }
    }

    private static int PortOf(CaptureLine record) =>
        record.Payload.TryGetProperty("evseId", out var evse) ? evse.GetInt32() : record.Payload.GetProperty("connectorId").GetInt32();

    /// <summary>The status a StatusNotification reports for <paramref name="port"/>, or null for any other record.</summary>
    private static string? StatusOf(CaptureLine record, int port)
    {
        if (!record.IsCall("StatusNotification") || PortOf(record) != port)
        {
            return null;
        }

        return record.Payload.TryGetProperty("connectorStatus", out var status201)
            ? status201.GetString()
            : record.Payload.GetProperty("status").GetString();
    }

    private static bool StartsSessionOn(CaptureLine record, int port) =>
        (record.IsCall("StartTransaction") && record.Payload.GetProperty("connectorId").GetInt32() == port)
        || (record.IsCall("TransactionEvent")
            && record.Payload.GetProperty("eventType").GetString() == "Started"
            && record.Payload.GetProperty("evse").GetProperty("id").GetInt32() == port);
}
