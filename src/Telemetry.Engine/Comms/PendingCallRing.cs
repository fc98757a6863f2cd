using Telemetry.Ocpp.Events;

namespace Telemetry.Engine.Comms;

/// <summary>
/// A charger's CSMS CALLs awaiting an answer, oldest first, in a fixed ring inside the charger's
/// state. CALLs are added in non-decreasing time; when the ring is full the oldest is dropped
/// (a CSMS rarely has more than a couple of CALLs in flight to one charger).
/// </summary>
internal struct PendingCallRing
{
    public const int Capacity = 8;

    private PendingCallBuffer _calls;
    private int _head;
    private int _count;

    /// <summary>Adds a CALL; returns false when the ring was full and the oldest CALL was dropped to make room.</summary>
    public bool Add(long sentMs, CommandAction action)
    {
        var dropped = false;
        if (_count == Capacity)
        {
            Pop();
            dropped = true;
        }

        _calls[(_head + _count) % Capacity] = new PendingCall { SentMs = sentMs, Action = action, Live = true };
        _count++;
        return !dropped;
    }

    /// <summary>Marks the oldest live CALL of <paramref name="action"/> answered; false when none waits.</summary>
    public bool Answer(CommandAction action)
    {
        for (var i = 0; i < _count; i++)
        {
            ref var call = ref _calls[(_head + i) % Capacity];
            if (call.Live && call.Action == action)
            {
                call.Live = false;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Takes the oldest unanswered CALL if it was sent before <paramref name="sentBefore"/>,
    /// dropping answered CALLs ahead of it; false when there is none.
    /// </summary>
    public bool TryExpire(long sentBefore, out PendingCall expired)
    {
        while (_count > 0)
        {
            var oldest = _calls[_head];
            if (oldest.Live && oldest.SentMs >= sentBefore)
            {
                break;
            }

            Pop();
            if (oldest.Live)
            {
                expired = oldest;
                return true;
            }
        }

        expired = default;
        return false;
    }

    public void Clear()
    {
        _head = 0;
        _count = 0;
    }

    private void Pop()
    {
        _head = (_head + 1) % Capacity;
        _count--;
    }
}
