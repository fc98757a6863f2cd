using Telemetry.Engine.Availability;
using Telemetry.Engine.Comms;
using Telemetry.Engine.Ordering;
using Telemetry.Engine.Resets;

namespace Telemetry.Engine;

/// <summary>The configuration section <c>Detectors</c>: one subsection per detector.</summary>
public sealed class DetectorOptions
{
    public AvailabilityOptions Availability { get; set; } = new();

    public CommsOptions Comms { get; set; } = new();

    public ResetOptions Resets { get; set; } = new();

    public OrderingOptions Ordering { get; set; } = new();

    public void Validate()
    {
        Availability.Validate();
        Comms.Validate();
        Resets.Validate();
        Ordering.Validate();
    }
}
