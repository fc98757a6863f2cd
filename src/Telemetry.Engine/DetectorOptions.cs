using Telemetry.Engine.Alarms;
using Telemetry.Engine.Auth;
using Telemetry.Engine.Availability;
using Telemetry.Engine.Comms;
using Telemetry.Engine.Firmware;
using Telemetry.Engine.Health;
using Telemetry.Engine.Ordering;
using Telemetry.Engine.Power;
using Telemetry.Engine.Resets;
using Telemetry.Engine.Restarts;
using Telemetry.Engine.Sessions;
using Telemetry.Engine.Uptime;

namespace Telemetry.Engine;

/// <summary>The configuration section <c>Detectors</c>: one subsection per detector.</summary>
public sealed class DetectorOptions
{
    public AvailabilityOptions Availability { get; set; } = new();

    public CommsOptions Comms { get; set; } = new();

    public ResetOptions Resets { get; set; } = new();

    public OrderingOptions Ordering { get; set; } = new();

    public AlarmOptions Alarms { get; set; } = new();

    public FirmwareOptions Firmware { get; set; } = new();

    public DeratingOptions Derating { get; set; } = new();

    public UnansweredCallsOptions UnansweredCalls { get; set; } = new();

    public SessionOptions Sessions { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();

    public RestartOptions Restarts { get; set; } = new();

    public ExclusionOptions Exclusions { get; set; } = new();

    public HealthOptions Health { get; set; } = new();

    public void Validate()
    {
        Availability.Validate();
        Comms.Validate();
        Resets.Validate();
        Ordering.Validate();
        Alarms.Validate();
        Firmware.Validate();
        Derating.Validate();
        UnansweredCalls.Validate();
        Sessions.Validate();
        Auth.Validate();
        Restarts.Validate();
        Exclusions.Validate();
        Health.Validate();
    }
}
