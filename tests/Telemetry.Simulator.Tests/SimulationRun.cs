using System.Globalization;
using System.Text;
using System.Text.Json;
using Telemetry.Simulator.Truth;

namespace Telemetry.Simulator.Tests;

/// <summary>The three outputs of one simulation, generated in memory, with the capture parsed line by line.</summary>
internal sealed class SimulationRun
{
    private SimulationRun(byte[] capture, string inventory, byte[] truthBytes)
    {
        Capture = capture;
        Inventory = inventory;
        TruthBytes = truthBytes;
        Truth = TruthFile.Read(new MemoryStream(truthBytes));
        Lines = Encoding.UTF8.GetString(capture).Split('\n');
    }

    public byte[] Capture { get; }

    public string Inventory { get; }

    public byte[] TruthBytes { get; }

    public SimulationTruth Truth { get; }

    /// <summary>Capture split at newlines; the last element is what follows the final newline.</summary>
    public string[] Lines { get; }

    public static SimulationRun Generate(SimulationOptions options)
    {
        var simulator = new FleetSimulator(options);
        var capture = new MemoryStream();
        var inventory = new MemoryStream();
        var truth = new MemoryStream();
        simulator.WriteCapture(capture);
        simulator.WriteInventory(inventory);
        simulator.WriteTruth(truth);
        return new SimulationRun(capture.ToArray(), Encoding.UTF8.GetString(inventory.ToArray()), truth.ToArray());
    }

    public IEnumerable<CaptureLine> Records()
    {
        for (var i = 0; i < Lines.Length - 1; i++)
        {
            yield return CaptureLine.Parse(Lines[i]);
        }
    }
}

/// <summary>One tap record as a consumer of the capture sees it.</summary>
internal sealed record CaptureLine(DateTimeOffset Ts, string Cp, string? Dir, string? Event, string? Proto, JsonElement? Msg)
{
    public static CaptureLine Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var ts = root.GetProperty("ts").GetString()!;
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", ts);
        return new CaptureLine(
            DateTimeOffset.Parse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            root.GetProperty("cp").GetString()!,
            root.TryGetProperty("dir", out var dir) ? dir.GetString() : null,
            root.TryGetProperty("event", out var ev) ? ev.GetString() : null,
            root.TryGetProperty("proto", out var proto) ? proto.GetString() : null,
            root.TryGetProperty("msg", out var msg) ? msg.Clone() : null);
    }

    public bool IsCall(string action) =>
        Msg is { } msg && msg[0].GetInt32() == 2 && msg[2].GetString() == action;

    /// <summary>The payload of a CALL.</summary>
    public JsonElement Payload => Msg!.Value[3];
}
