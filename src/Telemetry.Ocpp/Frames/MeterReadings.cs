using System.Runtime.CompilerServices;
using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Frames;

/// <summary>
/// The reading kept per <see cref="Measurand"/> of a MeterValues or TransactionEvent payload,
/// already in the engine's units. Within one meterValue entry a reading without a phase wins;
/// otherwise phase readings are summed for energy and power (per-phase parts of one total), and
/// the highest is kept for temperature. A later entry replaces an earlier one (entries are in
/// time order). A stack value: no allocation.
/// </summary>
internal struct MeterReadings
{
    private Readings _total;
    private Readings _phased;
    private int _hasTotal;
    private int _hasPhased;

    public readonly bool Has(Measurand measurand) => ((_hasTotal | _hasPhased) & Bit(measurand)) != 0;

    /// <summary>The reading as stored in <see cref="TelemetryEvent.Value"/>: energy in Wh modulo 2^32, others rounded and clamped to <see cref="int"/>.</summary>
    public readonly int Value(Measurand measurand)
    {
        var reading = (_hasTotal & Bit(measurand)) != 0 ? _total[(int)measurand] : _phased[(int)measurand];
        var rounded = Math.Round(reading, MidpointRounding.AwayFromZero);
        if (measurand == Measurand.EnergyActiveImportRegister)
        {
            return rounded is >= long.MinValue and < long.MaxValue ? unchecked((int)(long)rounded) : 0;
        }

        return (int)Math.Clamp(rounded, int.MinValue, int.MaxValue);
    }

    public void Add(Measurand measurand, bool phased, double reading)
    {
        var bit = Bit(measurand);
        var index = (int)measurand;
        if (!phased)
        {
            _total[index] = reading;
            _hasTotal |= bit;
            return;
        }

        var first = (_hasPhased & bit) == 0;
        _phased[index] = first ? reading
            : measurand == Measurand.Temperature ? Math.Max(_phased[index], reading)
            : measurand == Measurand.SoC ? reading
            : _phased[index] + reading;
        _hasPhased |= bit;
    }

    /// <summary>Takes the readings of a later meterValue entry over this one's.</summary>
    public void Replace(in MeterReadings later)
    {
        for (var m = 1; m < Readings.Length; m++)
        {
            var bit = 1 << m;
            if (((later._hasTotal | later._hasPhased) & bit) != 0)
            {
                _total[m] = later._total[m];
                _phased[m] = later._phased[m];
                _hasTotal = (_hasTotal & ~bit) | (later._hasTotal & bit);
                _hasPhased = (_hasPhased & ~bit) | (later._hasPhased & bit);
            }
        }
    }

    private static int Bit(Measurand measurand) => 1 << (int)measurand;

    [InlineArray(Length)]
    private struct Readings
    {
        public const int Length = (int)Measurand.Temperature + 1;

        private double _element;
    }
}
