using Telemetry.Simulator.Capture;

namespace Telemetry.Simulator.Faults;

/// <summary>Faults across sites: a failed firmware rollout of one model, and the CSMS's authorisation backend down.</summary>
internal sealed partial class LibraryPlanner
{
    private const long RolloutSpanMs = 2 * HourMs;
    private const int HealthyUpdates = 2;

    /// <summary>
    /// The CSMS pushes UpdateFirmware to chargers of one model at two sites, a few minutes apart;
    /// each reports Downloading, Downloaded, Installing and then a failure (1.6 InstallationFailed
    /// or DownloadFailed; 2.0.1 also InstallVerificationFailed or InvalidSignature, after Downloaded).
    /// Two chargers of other models take an update that ends Installed at the same time.
    /// </summary>
    private void PlaceFirmwareFailure()
    {
        var start = RandomStart(RolloutSpanMs);
        if (start < 0)
        {
            return;
        }

        var end = start + RolloutSpanMs;
        var model = ModelAtSites(start, end);
        if (model is null)
        {
            return;
        }

        var members = new List<int>();
        foreach (var site in model.Value.Sites)
        {
            members.AddRange(_chargers.Where(c => c.Model == model.Value.Model && c.Site == site && IsFree(c.Index, start, end))
                .OrderBy(c => IsPreferred(c.Index) ? 0 : 1).ThenBy(c => c.Index).Take(2).Select(c => c.Index));
        }

        var requestId = 100 + _faults.Count;
        var t = start;
        var last = start;
        var parts = new List<(int Charger, long StartMs, long EndMs, List<ScriptStep> Steps)>();
        foreach (var charger in members)
        {
            var steps = Update(charger, t, requestId, FailureStatus(charger), out var finished);
            parts.Add((charger, t, finished, steps));
            last = Math.Max(last, finished);
            t += Minutes(5, 10);
        }

        var faultEnd = RoundUp(last) + MinuteMs;
        Add(FaultKind.FirmwareFailure, [.. members], 0, start, faultEnd);
        foreach (var (charger, from, to, steps) in parts)
        {
            Take(charger, from, to);
            AddPart(FaultKind.FirmwareFailure, charger, 0, from, to + MinuteMs, null, steps);
        }

        var healthy = _chargers.Where(c => c.Model != model.Value.Model && IsFree(c.Index, start, end)).Select(c => c.Index).ToList();
        for (var i = 0; i < HealthyUpdates && healthy.Count > 0; i++)
        {
            var charger = healthy[_random.Next(healthy.Count)];
            healthy.Remove(charger);
            var at = start + Minutes(0, 45);
            var steps = Update(charger, at, requestId, CaptureVocabulary.FirmwareInstalled, out var finished);
            (_busy[charger] ??= []).Add((at, finished));
            AddPart(FaultKind.FirmwareFailure, charger, 0, at, finished + MinuteMs, null, steps);
        }
    }

    /// <summary>A model with free chargers at two sites (one site when the fleet has only one), preferring the troubled site.</summary>
    private (string Model, string[] Sites)? ModelAtSites(long start, long end)
    {
        var bySite = _chargers.Where(c => IsFree(c.Index, start, end))
            .GroupBy(c => c.Model)
            .Select(g => (Model: g.Key, Sites: g.Select(c => c.Site).Distinct().OrderBy(s => s == _troubledSite ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal).ToArray()))
            .OrderByDescending(m => Math.Min(m.Sites.Length, 2))
            .ThenBy(m => m.Sites[0] == _troubledSite ? 0 : 1)
            .ThenBy(m => m.Model, StringComparer.Ordinal)
            .ToList();
        if (bySite.Count == 0)
        {
            return null;
        }

        var best = bySite.Where(m => Math.Min(m.Sites.Length, 2) == Math.Min(bySite[0].Sites.Length, 2)).ToList();
        var chosen = best[_random.Next(best.Count)];
        return (chosen.Model, chosen.Sites.Take(2).ToArray());
    }

    private int FailureStatus(int charger) => IsV201(charger)
        ? _random.Next(4) switch
        {
            0 => CaptureVocabulary.FirmwareDownloadFailed,
            1 => CaptureVocabulary.FirmwareInstallVerificationFailed,
            2 => CaptureVocabulary.FirmwareInvalidSignature,
            _ => CaptureVocabulary.FirmwareInstallationFailed,
        }
        : _random.Next(3) == 0 ? CaptureVocabulary.FirmwareDownloadFailed : CaptureVocabulary.FirmwareInstallationFailed;

    /// <summary>UpdateFirmware and the status notifications up to <paramref name="outcome"/>, which decides where the sequence ends.</summary>
    private List<ScriptStep> Update(int charger, long at, int requestId, int outcome, out long finished)
    {
        var steps = new List<ScriptStep>
        {
            CsmsCall(new CaptureRecord(at, RecordKind.UpdateFirmware, Transaction: requestId), RecordKind.UpdateFirmwareResult),
        };
        var t = at + Seconds(60, 180);
        steps.Add(Firmware(t, CaptureVocabulary.FirmwareDownloading, requestId));
        if (outcome != CaptureVocabulary.FirmwareDownloadFailed)
        {
            t += Seconds(180, 480);
            steps.Add(Firmware(t, CaptureVocabulary.FirmwareDownloaded, requestId));
            if (outcome is CaptureVocabulary.FirmwareInstallationFailed or CaptureVocabulary.FirmwareInstalled)
            {
                t += Seconds(30, 60);
                steps.Add(Firmware(t, CaptureVocabulary.FirmwareInstalling, requestId));
            }
        }

        t += Seconds(120, 360);
        steps.Add(Firmware(t, outcome, requestId));
        finished = t;
        return steps;
    }

    /// <summary>
    /// True when a fault already placed has drivers of its own in the window (rejected cards,
    /// sessions that end early or run derated): they would be answered by that fault, not turned
    /// away by the outage, and blur which chargers the outage reached.
    /// </summary>
    private bool BringsDrivers(long startMs, long endMs) =>
        _faults.Exists(f => f.Kind is FaultKind.ReaderAuthFailure or FaultKind.EarlyTermination or FaultKind.PowerDerating
            && f.StartMs < endMs && startMs < f.EndMs);

    private static ScriptStep Firmware(long timeMs, int status, int requestId) =>
        ChargerCall(new CaptureRecord(timeMs, RecordKind.FirmwareStatusNotification, Variant: status, Transaction: requestId));

    /// <summary>
    /// For 30 to 45 minutes the CSMS cannot authorise: four to six drivers at chargers of at least
    /// two sites are answered Invalid (1.6) or Unknown (2.0.1). No other session starts anywhere in
    /// the window, so every driver the fleet sees then is turned away.
    /// </summary>
    private void PlaceBackendAuthOutage()
    {
        var span = Minutes(30, 45);
        var wanted = _random.Next(4, 7);
        for (var attempt = 0; attempt < RandomAttempts; attempt++)
        {
            var start = RandomStart(span);
            if (start < 0)
            {
                return;
            }

            var free = _chargers.Where(c => IsFree(c.Index, start, start + span)).ToList();
            var sites = free.Select(c => c.Site).Distinct().Count();
            if (free.Count < Math.Min(wanted, _chargers.Length) || sites < Math.Min(2, _options.Sites) || BringsDrivers(start, start + span))
            {
                continue;
            }

            // Preferred chargers first, but always one from a second site.
            var members = free.OrderBy(c => IsPreferred(c.Index) ? 0 : 1).ThenBy(_ => _random.Next()).Take(wanted).ToList();
            if (members.Select(c => c.Site).Distinct().Count() < Math.Min(2, sites))
            {
                members[^1] = free.First(c => c.Site != members[0].Site);
            }

            var indices = members.Select(c => c.Index).ToArray();
            Add(FaultKind.BackendAuthOutage, indices, 0, start, start + span);
            foreach (var charger in _chargers)
            {
                List<ScriptStep>? steps = null;
                if (indices.Contains(charger.Index))
                {
                    Take(charger.Index, start, start + span);
                    var status = IsV201(charger.Index) ? CaptureVocabulary.AuthUnknown : CaptureVocabulary.AuthInvalid;
                    steps = [];
                    var tries = _random.Next(1, 3);
                    for (var i = 0; i < tries; i++)
                    {
                        var at = start + MinuteMs + (_random.NextInt64((span - (2 * MinuteMs)) / SecondMs) * SecondMs);
                        steps.Add(Session(at, new SessionPlan(_random.Next(1, charger.Ports + 1), status, 0, 0, 0, 0)));
                    }

                    steps.Sort(static (a, b) => a.TimeMs.CompareTo(b.TimeMs));
                }

                // Every charger keeps its own sessions out of the window; only the members see drivers in it.
                AddPart(FaultKind.BackendAuthOutage, charger.Index, 0, start, start + span, null, steps);
            }

            return;
        }
    }
}
