using System.Runtime.CompilerServices;
using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Tests.Events;

public class TelemetryEventTests
{
    [Fact]
    public void SizeOf_Is32Bytes_AndStructHoldsNoReferences()
    {
        Assert.Equal(32, Unsafe.SizeOf<TelemetryEvent>());
        Assert.False(RuntimeHelpers.IsReferenceOrContainsReferences<TelemetryEvent>());
    }

    [Theory]
    [InlineData(OcppVersion.Unknown, EventOrigin.Charger, false, false)]
    [InlineData(OcppVersion.V16, EventOrigin.Csms, false, true)]
    [InlineData(OcppVersion.V201, EventOrigin.Charger, true, false)]
    [InlineData(OcppVersion.V21, EventOrigin.Csms, true, true)]
    public void PackedFields_KeepEachValue_WhenSetTogether(OcppVersion version, EventOrigin origin, bool offline, bool cleared)
    {
        var e = new TelemetryEvent { Version = version, Origin = origin, Offline = offline, Cleared = cleared };
        // Setting one packed field again must leave the others as they were.
        e.Version = version;
        e.Origin = origin;

        Assert.Equal(version, e.Version);
        Assert.Equal(origin, e.Origin);
        Assert.Equal(offline, e.Offline);
        Assert.Equal(cleared, e.Cleared);
        Assert.Equal(origin == EventOrigin.Charger, e.IsFromCharger);
    }

    [Fact]
    public void PackedFields_ClearOnlyTheirBit_WhenReset()
    {
        var e = new TelemetryEvent { Version = OcppVersion.V21, Origin = EventOrigin.Csms, Offline = true, Cleared = true };

        e.Offline = false;
        e.Origin = EventOrigin.Charger;

        Assert.Equal(OcppVersion.V21, e.Version);
        Assert.True(e.Cleared);
        Assert.False(e.Offline);
        Assert.Equal(EventOrigin.Charger, e.Origin);
    }
}
