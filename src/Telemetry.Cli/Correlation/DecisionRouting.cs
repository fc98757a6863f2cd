using System.Text;
using Telemetry.Decide.Policy;
using Telemetry.Engine.Inventory;
using Telemetry.Engine.Signals;

namespace Telemetry.Cli.Correlation;

/// <summary>
/// The record keys of the correlator's inputs. A charger's signals and events go under its site
/// id (its own id when the inventory does not know it), so one correlator sees a whole site.
/// Fleet-compared signal types go under <c>fleet:&lt;type&gt;</c> and authorisation results
/// under <c>fleet:auth</c>: each lands in one partition whose correlator sees every site.
/// </summary>
internal sealed class DecisionRouting
{
    public const string AuthKey = "fleet:auth";
    public const string FleetKeyPrefix = "fleet:";

    private static readonly byte[] s_authKey = Encoding.UTF8.GetBytes(AuthKey);

    private readonly FleetInventory _inventory;
    private readonly HashSet<string> _fleetTypes;
    private readonly Dictionary<string, byte[]> _siteKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _fleetKeys = new(StringComparer.Ordinal);

    public DecisionRouting(FleetInventory inventory, EscalationPolicyOptions policy)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(policy);
        _inventory = inventory;
        _fleetTypes = policy.Correlation.FleetComparedTypes();
    }

    public FleetInventory Inventory => _inventory;

    /// <summary>The key of authorisation results: all in one partition, for the fleet-wide backend view.</summary>
    public static byte[] AuthResultKey => s_authKey;

    /// <summary>The site id of <paramref name="chargePoint"/>, or the charge point id when the inventory does not know it.</summary>
    public string SiteOf(string chargePoint) => _inventory.SiteOf(chargePoint) ?? chargePoint;

    /// <summary>The key of a charger's events and of its signals not compared across the fleet.</summary>
    public byte[] SiteKey(string chargePoint)
    {
        if (!_siteKeys.TryGetValue(chargePoint, out var key))
        {
            key = Encoding.UTF8.GetBytes(SiteOf(chargePoint));
            _siteKeys.Add(chargePoint, key);
        }

        return key;
    }

    /// <summary>The key of <paramref name="signal"/> on the decisions topic.</summary>
    public byte[] SignalKey(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (_fleetTypes.Contains(signal.Type))
        {
            if (!_fleetKeys.TryGetValue(signal.Type, out var key))
            {
                key = Encoding.UTF8.GetBytes(FleetKeyPrefix + signal.Type);
                _fleetKeys.Add(signal.Type, key);
            }

            return key;
        }

        return signal.ChargePoint.Length == 0 ? s_authKey : SiteKey(signal.ChargePoint);
    }
}
