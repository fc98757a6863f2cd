using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Inventory;
using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Uptime;

/// <summary>
/// The exclusion windows of each charger: configured windows (port, charger or site), the
/// inventory's service dates, and maintenance begun by a CSMS ChangeAvailability(Inoperative).
/// A charger's windows are resolved once, at its first question, from its name and site.
/// </summary>
public sealed class ExclusionCalendar
{
    private const int StackWindows = 16;

    private readonly ChargerRegistry _chargers;
    private readonly FleetInventory _inventory;
    private readonly ExclusionOptions _options;
    private List<ExcludedSpan>?[] _byCharger = new List<ExcludedSpan>?[64];
    private bool[] _resolved = new bool[64];

    public ExclusionCalendar(ChargerRegistry chargers, FleetInventory inventory, ExclusionOptions options)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _chargers = chargers;
        _inventory = inventory;
        _options = options;
    }

    /// <summary>Whether ChangeAvailability(Inoperative) counts as maintenance (<see cref="ExclusionOptions.InoperativeAsMaintenance"/>).</summary>
    public bool InoperativeAsMaintenance => _options.InoperativeAsMaintenance;

    /// <summary>Opens a maintenance window on <paramref name="port"/> (0: the whole charger) at <paramref name="t"/>, unless one is open.</summary>
    public void StartMaintenance(int charger, ushort port, long t)
    {
        var spans = Resolve(charger);
        for (var i = 0; i < spans.Count; i++)
        {
            if (spans[i].Maintenance && spans[i].Port == port && spans[i].ToMs == long.MaxValue)
            {
                return;
            }
        }

        spans.Add(new ExcludedSpan(port, port == 0, t, long.MaxValue, Maintenance: true));
    }

    /// <summary>Closes the open maintenance window of <paramref name="port"/> (0: every open one of the charger) at <paramref name="t"/>.</summary>
    public void EndMaintenance(int charger, ushort port, long t)
    {
        var spans = Resolve(charger);
        for (var i = 0; i < spans.Count; i++)
        {
            var span = spans[i];
            if (span.Maintenance && span.ToMs == long.MaxValue && (port == 0 || span.Port == port))
            {
                spans[i] = span with { ToMs = Math.Max(t, span.FromMs) };
            }
        }
    }

    /// <summary>How much of [<paramref name="fromMs"/>, <paramref name="toMs"/>) lies in some exclusion window of the port (overlaps counted once).</summary>
    public int CoveredMs(int charger, ushort port, long fromMs, long toMs)
    {
        var spans = Resolve(charger);
        if (spans.Count == 0)
        {
            return 0;
        }

        Span<long> starts = spans.Count <= StackWindows ? stackalloc long[StackWindows] : new long[spans.Count];
        Span<long> ends = spans.Count <= StackWindows ? stackalloc long[StackWindows] : new long[spans.Count];
        var n = 0;
        foreach (var span in spans)
        {
            if ((span.AllPorts || span.Port == port) && span.FromMs < toMs && span.ToMs > fromMs)
            {
                // Insertion sort by start: a charger has a handful of windows.
                var start = Math.Max(span.FromMs, fromMs);
                var end = Math.Min(span.ToMs, toMs);
                var i = n++;
                while (i > 0 && starts[i - 1] > start)
                {
                    starts[i] = starts[i - 1];
                    ends[i] = ends[i - 1];
                    i--;
                }

                starts[i] = start;
                ends[i] = end;
            }
        }

        long covered = 0;
        var reach = fromMs;
        for (var i = 0; i < n; i++)
        {
            var start = Math.Max(starts[i], reach);
            if (ends[i] > start)
            {
                covered += ends[i] - start;
                reach = ends[i];
            }
        }

        return (int)covered;
    }

    private List<ExcludedSpan> Resolve(int charger)
    {
        if (charger >= _resolved.Length)
        {
            var size = Math.Max(charger + 1, _resolved.Length * 2);
            Array.Resize(ref _resolved, size);
            Array.Resize(ref _byCharger, size);
        }

        if (_resolved[charger])
        {
            return _byCharger[charger]!;
        }

        var name = _chargers.NameOf(charger);
        var info = _inventory.Find(name);
        var spans = new List<ExcludedSpan>();
        foreach (var window in _options.Windows)
        {
            var applies = window.ChargePoint is not null
                ? string.Equals(window.ChargePoint, name, StringComparison.Ordinal)
                : info is not null && string.Equals(window.Site, info.Site, StringComparison.Ordinal);
            if (applies)
            {
                spans.Add(new ExcludedSpan(window.Port ?? 0, window.Port is null, window.From.ToUnixTimeMilliseconds(), window.To.ToUnixTimeMilliseconds(), Maintenance: false));
            }
        }

        if (_options.OutsideService && info is not null)
        {
            if (info.Commissioned is { } commissioned)
            {
                spans.Add(new ExcludedSpan(0, true, long.MinValue, commissioned.ToUnixTimeMilliseconds(), Maintenance: false));
            }

            if (info.Decommissioned is { } decommissioned)
            {
                spans.Add(new ExcludedSpan(0, true, decommissioned.ToUnixTimeMilliseconds(), long.MaxValue, Maintenance: false));
            }
        }

        _resolved[charger] = true;
        _byCharger[charger] = spans;
        return spans;
    }

    private readonly record struct ExcludedSpan(ushort Port, bool AllPorts, long FromMs, long ToMs, bool Maintenance);

    /// <summary>
    /// Writes the maintenance windows ChangeAvailability opened, per charger. Configured windows
    /// and service dates are not written: a restore derives them from the options again.
    /// </summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var chargers = 0;
        for (var c = 0; c < _resolved.Length; c++)
        {
            chargers += MaintenanceCount(c) > 0 ? 1 : 0;
        }

        writer.Count(chargers);
        for (var c = 0; c < _resolved.Length; c++)
        {
            var count = MaintenanceCount(c);
            if (count == 0)
            {
                continue;
            }

            writer.Count(ids.Charger(c));
            writer.Count(count);
            foreach (var span in _byCharger[c]!)
            {
                if (span.Maintenance)
                {
                    writer.Struct(span);
                }
            }
        }
    }

    /// <summary>Adds the maintenance windows <see cref="WriteTo"/> wrote to this fresh calendar, after each charger's configured ones as before.</summary>
    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var chargers = reader.Count(sizeof(int) * 2);
        for (var i = 0; i < chargers; i++)
        {
            var c = map.Charger(reader.Count());
            ArgumentOutOfRangeException.ThrowIfNegative(c);
            var spans = Resolve(c);
            var count = reader.Count(System.Runtime.CompilerServices.Unsafe.SizeOf<ExcludedSpan>());
            for (var s = 0; s < count; s++)
            {
                spans.Add(reader.Struct<ExcludedSpan>());
            }
        }
    }

    private int MaintenanceCount(int charger)
    {
        if (!_resolved[charger])
        {
            return 0;
        }

        var n = 0;
        foreach (var span in _byCharger[charger]!)
        {
            n += span.Maintenance ? 1 : 0;
        }

        return n;
    }
}
