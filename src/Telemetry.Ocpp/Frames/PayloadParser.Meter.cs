using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Events;

namespace Telemetry.Ocpp.Frames;

/// <summary>MeterValues (1.6 and 2.0.1) and the sampled values that TransactionEvent shares with it.</summary>
internal sealed partial class PayloadParser
{
    private const int LineToLinePhaseLength = 5;

    /// <summary>
    /// One Meter event per kept measurand: Detail = <see cref="Measurand"/>, Value = the reading
    /// (Wh, W, %, °C), Port = the 1.6 connectorId or 2.0.1 evseId, Value2 = the 1.6 transactionId
    /// (0 when absent). A frame with none of those measurands still gives one Meter event with
    /// Detail None: the charger spoke.
    /// </summary>
    private void ParseMeterValues(ref JsonScanner reader, in FrameContext context)
    {
        var port = -1;
        var transactionId = 0;
        var sawV201Field = false;
        MeterReadings readings = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("connectorId"u8))
            {
                port = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("evseId"u8))
            {
                port = ReadInt(ref reader);
                sawV201Field = true;
            }
            else if (reader.ValueTextEquals("transactionId"u8))
            {
                transactionId = ReadInt(ref reader);
            }
            else if (reader.ValueTextEquals("meterValue"u8))
            {
                ReadMeterValues(ref reader, ref readings);
            }
            else
            {
                reader.Skip();
            }
        }

        var version = Resolve(context.Version, sawV201Field);
        var e = New(EventKind.Meter, context, version);
        e.Port = ToPort(port);
        // 1.6 meters a connector; 2.0.1 an EVSE, with no connector named.
        e.Connector = version >= OcppVersion.V201 ? (ushort)0 : e.Port;
        e.Value2 = transactionId;
        var any = false;
        for (var m = Measurand.EnergyActiveImportRegister; m <= Measurand.Temperature; m++)
        {
            if (readings.Has(m))
            {
                e.Detail = (byte)m;
                e.Value = readings.Value(m);
                Add(e);
                any = true;
            }
        }

        if (!any)
        {
            Add(e);
        }
    }

    /// <summary>Reads a meterValue array (MeterValueType items) into <paramref name="readings"/>.</summary>
    private static void ReadMeterValues(ref JsonScanner reader, ref MeterReadings readings)
    {
        ExpectArray(ref reader);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            MeterReadings entry = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("sampledValue"u8))
                {
                    ExpectArray(ref reader);
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadSampledValue(ref reader, ref entry);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            readings.Replace(entry);
        }
    }

    /// <summary>
    /// One SampledValue. The measurand defaults to Energy.Active.Import.Register and the unit to
    /// the measurand's base unit (1.6 §7.45, 2.0.1 SampledValueType); 2.0.1 scales by 10^multiplier.
    /// Readings in units the engine does not convert (varh, VA, …) are ignored.
    /// </summary>
    private static void ReadSampledValue(ref JsonScanner reader, ref MeterReadings readings)
    {
        var measurand = Measurand.EnergyActiveImportRegister;
        var hasValue = false;
        var reading = 0.0;
        var phased = false;
        var partOfTotal = true;
        var unit = Unit.Base;
        var multiplier = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("value"u8))
            {
                hasValue = TryReadNumber(ref reader, out reading);
            }
            else if (reader.ValueTextEquals("measurand"u8))
            {
                measurand = OcppVocabulary.Measurand(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("phase"u8))
            {
                var phase = ReadString(ref reader);
                phased = true;
                // Neutral and line-to-line (L1-L2, L2-L3, L3-L1) readings are not parts of the total.
                partOfTotal = !phase.SequenceEqual("N"u8) && phase.Length != LineToLinePhaseLength;
            }
            else if (reader.ValueTextEquals("unit"u8))
            {
                unit = ParseUnit(ReadString(ref reader));
            }
            else if (reader.ValueTextEquals("unitOfMeasure"u8))
            {
                ExpectObject(ref reader);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("unit"u8))
                    {
                        unit = ParseUnit(ReadString(ref reader));
                    }
                    else if (reader.ValueTextEquals("multiplier"u8))
                    {
                        multiplier = ReadInt(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (!hasValue || !partOfTotal || measurand == Measurand.None)
        {
            return;
        }

        if (multiplier != 0)
        {
            reading *= Math.Pow(10, multiplier);
        }

        if (TryNormalise(measurand, unit, reading, out var normalised))
        {
            readings.Add(measurand, phased, normalised);
        }
    }

    private static bool TryNormalise(Measurand measurand, Unit unit, double reading, out double normalised)
    {
        normalised = (measurand, unit) switch
        {
            (Measurand.EnergyActiveImportRegister, Unit.Base or Unit.Wh) => reading,
            (Measurand.EnergyActiveImportRegister, Unit.KWh) => reading * 1000,
            (Measurand.PowerActiveImport or Measurand.PowerOffered, Unit.Base or Unit.W) => reading,
            (Measurand.PowerActiveImport or Measurand.PowerOffered, Unit.KW) => reading * 1000,
            (Measurand.SoC, Unit.Base or Unit.Percent) => reading,
            (Measurand.Temperature, Unit.Base or Unit.Celsius) => reading,
            (Measurand.Temperature, Unit.Kelvin) => reading - 273.15,
            (Measurand.Temperature, Unit.Fahrenheit) => (reading - 32) * 5 / 9,
            _ => double.NaN,
        };
        return !double.IsNaN(normalised) && double.IsFinite(normalised);
    }

    // 1.6 spells Celsius both ways in its schema ("Celcius" in StopTransaction, both in MeterValues).
    private static Unit ParseUnit(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("Wh"u8) ? Unit.Wh
        : name.SequenceEqual("kWh"u8) ? Unit.KWh
        : name.SequenceEqual("W"u8) ? Unit.W
        : name.SequenceEqual("kW"u8) ? Unit.KW
        : name.SequenceEqual("Percent"u8) ? Unit.Percent
        : name.SequenceEqual("Celsius"u8) || name.SequenceEqual("Celcius"u8) ? Unit.Celsius
        : name.SequenceEqual("K"u8) ? Unit.Kelvin
        : name.SequenceEqual("Fahrenheit"u8) ? Unit.Fahrenheit
        : Unit.Other;

    private enum Unit : byte
    {
        Base,
        Wh,
        KWh,
        W,
        KW,
        Percent,
        Celsius,
        Kelvin,
        Fahrenheit,
        Other,
    }
}
