using Telemetry.Ocpp.Frames;

namespace Telemetry.Ocpp.Tests.Frames;

public class PendingCallsTests
{
    private static readonly TimeSpan s_expiry = TimeSpan.FromSeconds(30);

    [Fact]
    public void TryTake_ReturnsActionAndRemoves_WhenChargerDirectionAndIdMatch()
    {
        var pending = new PendingCalls(16, s_expiry);
        pending.Add(3, fromCharger: true, "b1"u8, OcppAction.BootNotification, 1_000);

        Assert.True(pending.TryTake(3, callFromCharger: true, "b1"u8, out var action));
        Assert.Equal(OcppAction.BootNotification, action);
        Assert.Equal(0, pending.Count);
        Assert.False(pending.TryTake(3, callFromCharger: true, "b1"u8, out _));
    }

    [Fact]
    public void TryTake_DoesNotMatch_WhenDirectionDiffers()
    {
        var pending = new PendingCalls(16, s_expiry);
        pending.Add(3, fromCharger: true, "b1"u8, OcppAction.BootNotification, 1_000);

        Assert.False(pending.TryTake(3, callFromCharger: false, "b1"u8, out var action));
        Assert.Equal(OcppAction.Unknown, action);
        Assert.Equal(1, pending.Count);
    }

    [Fact]
    public void TryTake_DoesNotMatch_WhenChargerOrIdDiffers()
    {
        var pending = new PendingCalls(16, s_expiry);
        pending.Add(3, fromCharger: true, "b1"u8, OcppAction.BootNotification, 1_000);

        Assert.False(pending.TryTake(4, callFromCharger: true, "b1"u8, out _));
        Assert.False(pending.TryTake(3, callFromCharger: true, "b2"u8, out _));
        Assert.Equal(1, pending.Count);
    }

    [Fact]
    public void TryTake_KeepsCallsApart_WhenSameIdUsedByBothDirections()
    {
        var pending = new PendingCalls(16, s_expiry);
        pending.Add(1, fromCharger: true, "42"u8, OcppAction.Heartbeat, 1_000);
        pending.Add(1, fromCharger: false, "42"u8, OcppAction.Unknown, 1_000);

        Assert.True(pending.TryTake(1, callFromCharger: false, "42"u8, out var fromCsms));
        Assert.True(pending.TryTake(1, callFromCharger: true, "42"u8, out var fromCharger));
        Assert.Equal(OcppAction.Unknown, fromCsms);
        Assert.Equal(OcppAction.Heartbeat, fromCharger);
    }

    [Fact]
    public void Add_LeavesCallUntracked_WhenFullOfLiveEntries()
    {
        var pending = new PendingCalls(2, s_expiry);
        pending.Add(1, true, "a"u8, OcppAction.Heartbeat, 1_000);
        pending.Add(1, true, "b"u8, OcppAction.Heartbeat, 2_000);

        pending.Add(1, true, "c"u8, OcppAction.BootNotification, 3_000);

        Assert.Equal(1, pending.Untracked);
        Assert.Equal(0, pending.Expired);
        Assert.Equal(2, pending.Count);
        Assert.False(pending.TryTake(1, true, "c"u8, out _));
        Assert.True(pending.TryTake(1, true, "a"u8, out _));
    }

    [Fact]
    public void Add_SweepsExpiredEntriesAndTracksCall_WhenFullOfOldEntries()
    {
        var pending = new PendingCalls(2, s_expiry);
        pending.Add(1, true, "a"u8, OcppAction.Heartbeat, 1_000);
        pending.Add(1, true, "b"u8, OcppAction.Heartbeat, 20_000);

        // 40 s after "a" (expired) but 21 s after "b" (still live).
        pending.Add(1, true, "c"u8, OcppAction.BootNotification, 41_000);

        Assert.Equal(1, pending.Expired);
        Assert.Equal(0, pending.Untracked);
        Assert.Equal(2, pending.Count);
        Assert.False(pending.TryTake(1, true, "a"u8, out _));
        Assert.True(pending.TryTake(1, true, "b"u8, out _));
        Assert.True(pending.TryTake(1, true, "c"u8, out var action));
        Assert.Equal(OcppAction.BootNotification, action);
    }

    [Fact]
    public void TryTake_AgreesWithDictionaryModel_WhenManyCallsComeAndGo()
    {
        // A crowded table: probe runs are long, so removals must move entries back correctly.
        const int capacity = 64;
        var pending = new PendingCalls(capacity, s_expiry);
        var model = new Dictionary<(int Charger, bool FromCharger, string Id), OcppAction>();
        var random = new Random(7);
        for (var step = 0; step < 20_000; step++)
        {
            var charger = random.Next(8);
            var fromCharger = random.Next(2) == 0;
            var id = random.Next(24).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var idBytes = System.Text.Encoding.UTF8.GetBytes(id);
            if (random.Next(2) == 0 && model.Count < capacity)
            {
                var action = (OcppAction)(1 + random.Next(5));
                pending.Add(charger, fromCharger, idBytes, action, 1_000);
                model[(charger, fromCharger, id)] = action;
            }
            else
            {
                var found = pending.TryTake(charger, fromCharger, idBytes, out var action);
                Assert.Equal(model.Remove((charger, fromCharger, id), out var expected), found);
                Assert.Equal(found ? expected : OcppAction.Unknown, action);
            }

            Assert.Equal(model.Count, pending.Count);
        }
    }

    [Fact]
    public void Add_SweepsEveryExpiredEntry_WhenTableIsCrowded()
    {
        var pending = new PendingCalls(40, s_expiry);
        for (var i = 0; i < 40; i++)
        {
            pending.Add(i % 3, true, System.Text.Encoding.UTF8.GetBytes($"m{i}"), OcppAction.Heartbeat, i % 2 == 0 ? 1_000 : 60_000);
        }

        pending.Add(9, true, "new"u8, OcppAction.BootNotification, 70_000);

        Assert.Equal(20, pending.Expired);
        Assert.Equal(21, pending.Count);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(i % 2 != 0, pending.TryTake(i % 3, true, System.Text.Encoding.UTF8.GetBytes($"m{i}"), out _));
        }

        Assert.True(pending.TryTake(9, true, "new"u8, out _));
    }

    [Fact]
    public void Constructor_Throws_WhenCapacityBelowOne()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PendingCalls(0, s_expiry));
    }

    [Fact]
    public void TryTake_TellsIdsApart_WhenTheyDifferInOneByteAtAnyPosition()
    {
        // Every length up to the OCPP-J limit, so each id ends in every part of the word-at-a-time key.
        var pending = new PendingCalls(10_000, s_expiry);
        var ids = new List<byte[]>();
        for (var length = 1; length <= OcppFrameParser.MaxMessageIdLength; length++)
        {
            var id = new byte[length];
            Array.Fill(id, (byte)'a');
            ids.Add(id);
            for (var position = 0; position < length; position++)
            {
                var variant = (byte[])id.Clone();
                variant[position] = (byte)'b';
                ids.Add(variant);
            }
        }

        for (var i = 0; i < ids.Count; i++)
        {
            pending.Add(7, true, ids[i], (OcppAction)(1 + (i % 20)), 1_000);
        }

        Assert.Equal(ids.Count, pending.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            Assert.True(pending.TryTake(7, true, ids[i], out var action));
            Assert.Equal((OcppAction)(1 + (i % 20)), action);
        }

        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void TryTake_DoesNotMatch_WhenUuidIdIsAskedForByAnotherCharger()
    {
        var pending = new PendingCalls(16, s_expiry);
        pending.Add(1, true, "0f8fad5b-d9cb-469f-a165-70867728950e"u8, OcppAction.MeterValues, 1_000);

        Assert.False(pending.TryTake(2, true, "0f8fad5b-d9cb-469f-a165-70867728950e"u8, out _));
        Assert.False(pending.TryTake(1, true, "0f8fad5b-d9cb-469f-a165-70867728950f"u8, out _));
        Assert.True(pending.TryTake(1, true, "0f8fad5b-d9cb-469f-a165-70867728950e"u8, out var action));
        Assert.Equal(OcppAction.MeterValues, action);
    }
}
