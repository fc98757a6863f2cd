using System.Runtime.InteropServices;

namespace Telemetry.Engine.Windows;

/// <summary>
/// Occurrences of one kind for one charger (disconnects, unplanned boots, unanswered calls,
/// firmware failures) counted in a sliding window, and the episode they raise: raised once the
/// window holds the threshold, every later occurrence then counted in the episode until the
/// detector clears it.
/// </summary>
// Auto layout: the runtime orders fields by size, without the padding the declaration order would cost per charger.
[StructLayout(LayoutKind.Auto)]
internal struct WindowedEpisode
{
    public bool Raised;
    public long RaisedAtMs;

    /// <summary>Occurrences of the raised episode, those that raised it included.</summary>
    public int EpisodeCount;

    public RecentTimes Times;

    /// <summary>Notes an occurrence at <paramref name="t"/> (times in non-decreasing order).</summary>
    public void Add(long t)
    {
        Times.Add(t);
        if (Raised)
        {
            EpisodeCount++;
        }
    }

    /// <summary>
    /// Raises the episode at <paramref name="nowMs"/> when it is not raised and the window
    /// (<paramref name="nowMs"/> − <paramref name="windowMs"/>, <paramref name="nowMs"/>] holds at
    /// least <paramref name="toRaise"/> occurrences; then gives their count and the earliest one.
    /// </summary>
    public bool TryRaise(long nowMs, long windowMs, int toRaise, out int inWindow, out long firstMs)
    {
        inWindow = 0;
        firstMs = 0;
        if (Raised)
        {
            return false;
        }

        inWindow = Times.CountAfter(nowMs - windowMs, out firstMs);
        if (inWindow < toRaise)
        {
            return false;
        }

        Raised = true;
        RaisedAtMs = nowMs;
        EpisodeCount = inWindow;
        return true;
    }
}
