namespace Telemetry.Simulator.Fleet;

/// <summary>
/// Fictional vendors and models. Each model has two firmware versions so that fleet-wide
/// correlation by model or firmware has something to find.
/// </summary>
internal static class HardwareCatalogue
{
    public static readonly HardwareModel[] Models =
    [
        new("Voltra", "VX-22", 2, 22, ["3.4.1", "3.5.0"]),
        new("Voltra", "VX-50D", 1, 50, ["3.4.1", "3.5.0"]),
        new("Ampwise", "AW-150", 2, 150, ["1.12.7", "1.13.2"]),
        new("GridNorth", "GN-Home7", 1, 7, ["2024.1", "2024.3"]),
        new("GridNorth", "GN-Duo11", 2, 11, ["2024.1", "2024.3"]),
        new("Kiloflux", "KF-350", 2, 350, ["5.0.9", "5.1.0"]),
    ];
}
