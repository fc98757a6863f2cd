namespace Telemetry.Ocpp.Events;

/// <summary>The meter measurands the engine keeps (1.6 Measurand, 2.0.1 MeasurandEnumType). Values are stable: they are encoded on the wire.</summary>
public enum Measurand : byte
{
    None = 0,

    /// <summary>Energy.Active.Import.Register, in Wh modulo 2^32.</summary>
    EnergyActiveImportRegister = 1,

    /// <summary>Power.Active.Import, in W.</summary>
    PowerActiveImport = 2,

    /// <summary>Power.Offered, in W.</summary>
    PowerOffered = 3,

    /// <summary>State of charge, in percent.</summary>
    SoC = 4,

    /// <summary>Temperature, in whole degrees Celsius.</summary>
    Temperature = 5,
}
