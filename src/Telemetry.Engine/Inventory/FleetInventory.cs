namespace Telemetry.Engine.Inventory;

/// <summary>Charger → site, model and firmware. Chargers missing from it belong to no site.</summary>
public sealed class FleetInventory
{
    private readonly Dictionary<string, ChargerInfo> _chargers;

    public FleetInventory(IEnumerable<ChargerInfo> chargers)
    {
        ArgumentNullException.ThrowIfNull(chargers);
        _chargers = new Dictionary<string, ChargerInfo>(StringComparer.Ordinal);
        foreach (var charger in chargers)
        {
            if (!_chargers.TryAdd(charger.ChargePoint, charger))
            {
                throw new ArgumentException($"Charger '{charger.ChargePoint}' appears twice in the inventory.", nameof(chargers));
            }
        }
    }

    public static FleetInventory Empty { get; } = new([]);

    public int Count => _chargers.Count;

    /// <summary>Every entry, decommissioned ones included, in the order they were given.</summary>
    public IEnumerable<ChargerInfo> Chargers => _chargers.Values;

    public ChargerInfo? Find(string chargePoint) => _chargers.GetValueOrDefault(chargePoint);

    public string? SiteOf(string chargePoint) => Find(chargePoint)?.Site;
}
