using System.Runtime.CompilerServices;
using Telemetry.Engine.Checkpoints;
using Telemetry.Engine.Signals;

namespace Telemetry.Engine.Auth;

/*
 * Fleet-wide authorisation view (single-threaded).
 *
 * Fed every charger's authorisation verdicts (accepted or rejected, with its site). A charger is
 *   in rejection while its latest verdict, within (now − FleetWindow, now], is a rejection, and
 *   accepting while it is an acceptance; older verdicts drop out of both.
 * Signal: Quiet ──≥ FleetChargers chargers in rejection at ≥ FleetSites sites, and ≥ FleetShare
 *   of the chargers that saw a driver──▶ Outage ──share below FleetShare / 2, or none in rejection──▶ Quiet
 *   The half-share clear is hysteresis: the last minutes of an outage, when accepts return one
 *   charger at a time, do not make the signal flap.
 * Time is the latest verdict time fed (a verdict older than that is applied at it), so the view
 * tolerates the small disorder of several partitions fed in one process; a verdict drops out at
 * exactly its time + FleetWindow, whether found by the next verdict or by Tick.
 * Scope: a detector fed by one partition sees only that partition's chargers. The view sees the
 * whole fleet when every partition's detector shares one instance, which one process does in
 * replay (one thread drives every partition); in production it belongs after the partitions,
 * fed the same verdicts from the signal stream's consumer (the correlator).
 */

/// <summary>
/// Tells a fleet-wide backend authorisation outage from chargers' own failures: raises one
/// <c>auth.failures</c> of scope fleet with cause <c>backend</c> while many chargers across sites
/// are refusing drivers at once.
/// </summary>
public sealed class BackendOutageView
{
    private const double MinuteMs = 60_000;

    private readonly ISignalSink _sink;
    private readonly long _windowMs;
    private readonly int _toRaiseChargers;
    private readonly int _toRaiseSites;
    private readonly double _share;
    private readonly Dictionary<string, int> _siteIds = new(StringComparer.Ordinal);

    // Per charger: its latest verdict and site.
    private long[] _lastMs = new long[64];
    private bool[] _active = new bool[64];
    private bool[] _rejecting = new bool[64];
    private int[] _siteOf = new int[64];

    // Per site: chargers in rejection.
    private int[] _siteRejecting = new int[16];

    // Verdicts in time order, to drop each at its time + window.
    private long[] _queueMs = new long[256];
    private int[] _queueCharger = new int[256];
    private int _queueHead;
    private int _queueCount;

    private long _clockMs = long.MinValue;
    private int _rejectingChargers;
    private int _acceptingChargers;
    private int _sitesInRejection;
    private long _raisedAtMs;
    private int _peakChargers;

    public BackendOutageView(AuthOptions options, ISignalSink sink)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _sink = sink;
        _windowMs = (long)options.FleetWindow.TotalMilliseconds;
        _toRaiseChargers = options.FleetChargers;
        _toRaiseSites = options.FleetSites;
        _share = options.FleetShare;
    }

    /// <summary>True while the view sees a backend outage.</summary>
    public bool InOutage { get; private set; }

    /// <summary>Chargers whose latest verdict within the window is a rejection.</summary>
    public int RejectingChargers => _rejectingChargers;

    /// <summary>Chargers whose latest verdict within the window is an acceptance.</summary>
    public int AcceptingChargers => _acceptingChargers;

    /// <summary>Distinct sites with a charger in rejection (a charger without a site counts as one).</summary>
    public int SitesInRejection => _sitesInRejection;

    /// <summary>A small id for a site name, given once per name; -1 for none (a charger missing from the inventory).</summary>
    public int SiteId(string? site)
    {
        if (site is null)
        {
            return -1;
        }

        if (!_siteIds.TryGetValue(site, out var id))
        {
            id = _siteIds.Count;
            _siteIds.Add(site, id);
        }

        return id;
    }

    /// <summary>One charger's verdict at <paramref name="timestampMs"/>: <paramref name="rejected"/> or accepted.</summary>
    /// <param name="charger">Dense charger id (the interned id of the feeding registry).</param>
    /// <param name="site">From <see cref="SiteId"/>.</param>
    public void OnVerdict(int charger, int site, long timestampMs, bool rejected)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(charger);
        var t = Math.Max(timestampMs, _clockMs);
        _clockMs = t;
        DropOlderThan(t);
        EnsureCharger(charger);
        if (_active[charger])
        {
            Remove(charger);
        }

        _lastMs[charger] = t;
        _rejecting[charger] = rejected;
        _siteOf[charger] = site;
        Add(charger);
        Enqueue(t, charger);
        Evaluate(t);
    }

    /// <summary>Drops verdicts older than the window by <paramref name="watermarkMs"/> and clears the signal when that ends the outage.</summary>
    public void Tick(long watermarkMs) => DropOlderThan(watermarkMs);

    private void DropOlderThan(long now)
    {
        while (_queueCount > 0 && _queueMs[_queueHead] + _windowMs <= now)
        {
            var at = _queueMs[_queueHead] + _windowMs;
            var charger = _queueCharger[_queueHead];
            _queueHead = (_queueHead + 1) % _queueMs.Length;
            _queueCount--;
            // Only the charger's latest verdict counts; an older queue entry has been replaced.
            if (_active[charger] && _lastMs[charger] + _windowMs == at)
            {
                Remove(charger);
                Evaluate(at);
            }
        }
    }

    private void Add(int charger)
    {
        _active[charger] = true;
        if (!_rejecting[charger])
        {
            _acceptingChargers++;
            return;
        }

        _rejectingChargers++;
        var site = _siteOf[charger];
        if (site < 0)
        {
            _sitesInRejection++;
            return;
        }

        if (site >= _siteRejecting.Length)
        {
            Array.Resize(ref _siteRejecting, Math.Max(_siteRejecting.Length * 2, site + 1));
        }

        if (_siteRejecting[site]++ == 0)
        {
            _sitesInRejection++;
        }
    }

    private void Remove(int charger)
    {
        _active[charger] = false;
        if (!_rejecting[charger])
        {
            _acceptingChargers--;
            return;
        }

        _rejectingChargers--;
        var site = _siteOf[charger];
        if (site < 0 || --_siteRejecting[site] == 0)
        {
            _sitesInRejection--;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Evaluate(long t)
    {
        var seen = _rejectingChargers + _acceptingChargers;
        var share = seen == 0 ? 0 : _rejectingChargers / (double)seen;
        if (!InOutage)
        {
            if (_rejectingChargers < _toRaiseChargers || _sitesInRejection < _toRaiseSites || share < _share)
            {
                return;
            }

            InOutage = true;
            _raisedAtMs = t;
            _peakChargers = _rejectingChargers;
            _sink.OnSignal(new SignalValue(SignalTypes.AuthFailures, SignalState.Raised, t, string.Empty, null, SignalScope.Fleet,
                new SignalEvidence
                {
                    Cause = "backend",
                    Chargers = _rejectingChargers,
                    Sites = _sitesInRejection,
                    Attempts = seen,
                    Share = share,
                    WindowMinutes = _windowMs / MinuteMs,
                    LastMs = t,
                }));
            return;
        }

        _peakChargers = Math.Max(_peakChargers, _rejectingChargers);
        if (_rejectingChargers > 0 && share >= _share / 2)
        {
            return;
        }

        InOutage = false;
        _sink.OnSignal(new SignalValue(SignalTypes.AuthFailures, SignalState.Cleared, t, string.Empty, null, SignalScope.Fleet,
            new SignalEvidence
            {
                Cause = "backend",
                Chargers = _peakChargers,
                SinceMs = _raisedAtMs,
                DurationMinutes = (t - _raisedAtMs) / MinuteMs,
            }));
    }

    private void EnsureCharger(int charger)
    {
        if (charger < _lastMs.Length)
        {
            return;
        }

        var length = Math.Max(_lastMs.Length * 2, charger + 1);
        Array.Resize(ref _lastMs, length);
        Array.Resize(ref _active, length);
        Array.Resize(ref _rejecting, length);
        Array.Resize(ref _siteOf, length);
    }

    private void Enqueue(long t, int charger)
    {
        if (_queueCount == _queueMs.Length)
        {
            // Unroll the ring into arrays twice the size, oldest first.
            var times = new long[_queueMs.Length * 2];
            var chargers = new int[times.Length];
            for (var i = 0; i < _queueCount; i++)
            {
                times[i] = _queueMs[(_queueHead + i) % _queueMs.Length];
                chargers[i] = _queueCharger[(_queueHead + i) % _queueMs.Length];
            }

            _queueMs = times;
            _queueCharger = chargers;
            _queueHead = 0;
        }

        var tail = (_queueHead + _queueCount) % _queueMs.Length;
        _queueMs[tail] = t;
        _queueCharger[tail] = charger;
        _queueCount++;
    }

    /// <summary>Version of what <see cref="WriteTo"/> writes; bumped when the layout changes.</summary>
    public const ushort FormatVersion = 1;

    /// <summary>Writes the site names, counters, each charger's latest verdict and the window's queue.</summary>
    public void WriteTo(CheckpointWriter writer, CheckpointIds ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        writer.Header(CheckpointSection.BackendOutage, FormatVersion);
        var names = new string[_siteIds.Count];
        foreach (var (name, id) in _siteIds)
        {
            names[id] = name;
        }

        writer.Count(names.Length);
        foreach (var name in names)
        {
            writer.Text(name);
        }

        writer.Value(_clockMs);
        writer.Value(_raisedAtMs);
        writer.Count(_rejectingChargers);
        writer.Count(_acceptingChargers);
        writer.Count(_sitesInRejection);
        writer.Count(_peakChargers);
        writer.Count(InOutage ? 1 : 0);
        writer.Count(_siteRejecting.Length);
        writer.Structs<int>(_siteRejecting);
        var chargers = 0;
        for (var c = 0; c < _lastMs.Length; c++)
        {
            chargers += _lastMs[c] != 0 || _active[c] ? 1 : 0;
        }

        writer.Count(chargers);
        for (var c = 0; c < _lastMs.Length; c++)
        {
            if (_lastMs[c] != 0 || _active[c])
            {
                writer.Count(ids.Charger(c));
                writer.Value(_lastMs[c]);
                writer.Count(_siteOf[c]);
                writer.Count((_active[c] ? 1 : 0) | (_rejecting[c] ? 2 : 0));
            }
        }

        writer.Count(_queueCount);
        for (var i = 0; i < _queueCount; i++)
        {
            var at = (_queueHead + i) % _queueMs.Length;
            writer.Value(_queueMs[at]);
            writer.Count(ids.Charger(_queueCharger[at]));
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote into this fresh view: site names get their saved ids back.</summary>
    public void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        reader.Header(CheckpointSection.BackendOutage, FormatVersion);
        var sites = reader.Count(sizeof(int));
        for (var i = 0; i < sites; i++)
        {
            if (SiteId(reader.TextAsString()) != i)
            {
                throw new InvalidDataException("Checkpoint is corrupt: a site name appears twice.");
            }
        }

        _clockMs = reader.Value();
        _raisedAtMs = reader.Value();
        _rejectingChargers = reader.Count();
        _acceptingChargers = reader.Count();
        _sitesInRejection = reader.Count();
        _peakChargers = reader.Count();
        InOutage = reader.Count() != 0;
        _siteRejecting = new int[reader.Count(sizeof(int))];
        reader.Structs<int>(_siteRejecting);
        var chargers = reader.Count((sizeof(int) * 3) + sizeof(long));
        for (var i = 0; i < chargers; i++)
        {
            var c = map.Charger(reader.Count());
            ArgumentOutOfRangeException.ThrowIfNegative(c);
            EnsureCharger(c);
            _lastMs[c] = reader.Value();
            _siteOf[c] = reader.Count();
            var flags = reader.Count();
            _active[c] = (flags & 1) != 0;
            _rejecting[c] = (flags & 2) != 0;
        }

        var queued = reader.Count(sizeof(long) + sizeof(int));
        for (var i = 0; i < queued; i++)
        {
            var t = reader.Value();
            Enqueue(t, map.Charger(reader.Count()));
        }
    }
}
