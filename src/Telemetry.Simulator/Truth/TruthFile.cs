using System.Globalization;
using System.Text.Json;
using Telemetry.Simulator.Capture;
using Telemetry.Simulator.Faults;

namespace Telemetry.Simulator.Truth;

/// <summary>
/// Reads and writes truth.json (docs/contracts.md, "truth.json"):
/// <code>
/// {"seed","start","end","heartbeat_interval_s","chargers","sites",
///  "faults":[{"id","kind","cp","site","port","start","end","minutes",
///             "class","scope","expected_signals":[…],"allowed_signals":[…],"chargers":[…],"ports_outage_minutes":{"cp/port":minutes},
///             "error_code","expected_incident":{"scope","cause","recovery","owner","escalates_to","resolves"}|null}],
///  "planned_resets":[{"cp","ts","end"}],
///  "exclusions":[{"cp","port","start","end","reason"}]}
/// </code>
/// Times in RFC 3339 UTC. <c>kind</c> is a <see cref="FaultLibrary.Name"/>; <c>port</c> is null
/// unless the fault is on one port; <c>cp</c> and <c>site</c> name the charger, or for a site or
/// fleet fault the first of <c>chargers</c>, which lists every member and is written for those
/// scopes only. A comms_flapping fault adds <c>"disconnects"</c> and a reset_loop <c>"boots"</c>
/// after <c>"minutes"</c>. <c>scope</c> is connector, charger, site or fleet; <c>class</c> groups
/// faults for scoring; <c>expected_signals</c> are DESIGN §2.3 signal types recall requires;
/// <c>allowed_signals</c> those the fault may also cause (never false positives);
/// <c>ports_outage_minutes</c>, written when some port is expected down, maps <c>cp/port</c> to
/// the minutes it is down within the fault. <c>error_code</c>, when the planner drew the fault's
/// code, is what the charger reports; <c>expected_incident</c> is the incident the operator
/// should get (<see cref="ExpectedIncident"/>), null when none. A planned reset's <c>end</c> is when the charger has
/// rebooted: until then its being offline is explained. <c>exclusions</c> lists the windows (scheduled
/// maintenance) whose outage minutes count as excluded. Reading accepts files without the newer
/// fields and derives class, scope, expected and allowed signals from the kind; a planned reset
/// without <c>end</c> ends at <c>ts</c>.
/// </summary>
public static class TruthFile
{
    public static void Write(SimulationTruth truth, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(destination);

        using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("seed"u8, truth.Seed);
        WriteTime(writer, "start"u8, truth.Start);
        WriteTime(writer, "end"u8, truth.End);
        writer.WriteNumber("heartbeat_interval_s"u8, truth.HeartbeatIntervalSeconds);
        writer.WriteNumber("chargers"u8, truth.Chargers);
        writer.WriteNumber("sites"u8, truth.Sites);
        writer.WriteStartArray("faults"u8);
        foreach (var fault in truth.Faults)
        {
            writer.WriteStartObject();
            writer.WriteString("id"u8, fault.Id);
            writer.WriteString("kind"u8, KindName(fault.Kind));
            writer.WriteString("cp"u8, fault.ChargePoint);
            writer.WriteString("site"u8, fault.Site);
            if (fault.Port is { } port)
            {
                writer.WriteNumber("port"u8, port);
            }
            else
            {
                writer.WriteNull("port"u8);
            }

            WriteTime(writer, "start"u8, fault.Start);
            WriteTime(writer, "end"u8, fault.End);
            writer.WriteNumber("minutes"u8, fault.Minutes);
            if (fault.Disconnects is { } disconnects)
            {
                writer.WriteNumber("disconnects"u8, disconnects);
            }

            if (fault.Boots is { } boots)
            {
                writer.WriteNumber("boots"u8, boots);
            }

            WriteLibraryFields(writer, fault);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("planned_resets"u8);
        foreach (var reset in truth.PlannedResets)
        {
            writer.WriteStartObject();
            writer.WriteString("cp"u8, reset.ChargePoint);
            WriteTime(writer, "ts"u8, reset.Time);
            WriteTime(writer, "end"u8, reset.End);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("exclusions"u8);
        foreach (var exclusion in truth.Exclusions)
        {
            writer.WriteStartObject();
            writer.WriteString("cp"u8, exclusion.ChargePoint);
            writer.WriteNumber("port"u8, exclusion.Port);
            WriteTime(writer, "start"u8, exclusion.Start);
            WriteTime(writer, "end"u8, exclusion.End);
            writer.WriteString("reason"u8, exclusion.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        destination.WriteByte((byte)'\n');
    }

    public static SimulationTruth Read(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    /// <exception cref="FormatException">The content is not a truth file.</exception>
    public static SimulationTruth Read(Stream source)
    {
        try
        {
            using var document = JsonDocument.Parse(source);
            var root = document.RootElement;
            var faultsElement = root.GetProperty("faults");
            var faults = new List<InjectedFault>(faultsElement.GetArrayLength());
            foreach (var item in faultsElement.EnumerateArray())
            {
                var port = item.GetProperty("port");
                var fault = new InjectedFault(
                    item.GetProperty("id").GetString()!,
                    ParseKind(item.GetProperty("kind").GetString()),
                    item.GetProperty("cp").GetString()!,
                    item.GetProperty("site").GetString()!,
                    port.ValueKind == JsonValueKind.Null ? null : port.GetInt32(),
                    ReadTime(item, "start"),
                    ReadTime(item, "end"),
                    ReadOptionalInt(item, "disconnects"),
                    ReadOptionalInt(item, "boots"));
                faults.Add(ReadLibraryFields(item, fault));
            }

            var resets = new List<PlannedReset>();
            if (root.TryGetProperty("planned_resets", out var resetsElement))
            {
                foreach (var item in resetsElement.EnumerateArray())
                {
                    var reset = new PlannedReset(item.GetProperty("cp").GetString()!, ReadTime(item, "ts"));
                    resets.Add(item.TryGetProperty("end", out _) ? reset with { End = ReadTime(item, "end") } : reset);
                }
            }

            var exclusions = new List<Exclusion>();
            if (root.TryGetProperty("exclusions", out var exclusionsElement))
            {
                foreach (var item in exclusionsElement.EnumerateArray())
                {
                    exclusions.Add(new Exclusion(
                        item.GetProperty("cp").GetString()!,
                        item.GetProperty("port").GetInt32(),
                        ReadTime(item, "start"),
                        ReadTime(item, "end"),
                        item.GetProperty("reason").GetString()!));
                }
            }

            return new SimulationTruth(
                root.GetProperty("seed").GetInt32(),
                ReadTime(root, "start"),
                ReadTime(root, "end"),
                root.GetProperty("heartbeat_interval_s").GetInt32(),
                root.GetProperty("chargers").GetInt32(),
                root.GetProperty("sites").GetInt32(),
                faults)
            {
                PlannedResets = resets,
                Exclusions = exclusions,
            };
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException("Not a valid truth file: " + exception.Message, exception);
        }
    }

    public static string KindName(FaultKind kind) => FaultLibrary.Name(kind);

    private static FaultKind ParseKind(string? name) =>
        FaultLibrary.TryParse(name, out var kind) ? kind : throw new FormatException($"Unknown fault kind '{name}'.");

    private static string ScopeName(FaultScope scope) => scope switch
    {
        FaultScope.Connector => "connector",
        FaultScope.Charger => "charger",
        FaultScope.Site => "site",
        _ => "fleet",
    };

    private static FaultScope ParseScope(string? name) => name switch
    {
        "connector" => FaultScope.Connector,
        "charger" => FaultScope.Charger,
        "site" => FaultScope.Site,
        "fleet" => FaultScope.Fleet,
        _ => throw new FormatException($"Unknown fault scope '{name}'."),
    };

    private static void WriteLibraryFields(Utf8JsonWriter writer, InjectedFault fault)
    {
        writer.WriteString("class"u8, fault.Class);
        writer.WriteString("scope"u8, ScopeName(fault.Scope));
        writer.WriteStartArray("expected_signals"u8);
        foreach (var signal in fault.ExpectedSignals)
        {
            writer.WriteStringValue(signal);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("allowed_signals"u8);
        foreach (var signal in fault.AllowedSignals)
        {
            writer.WriteStringValue(signal);
        }

        writer.WriteEndArray();
        if (fault.Chargers.Count > 0)
        {
            writer.WriteStartArray("chargers"u8);
            foreach (var charger in fault.Chargers)
            {
                writer.WriteStringValue(charger);
            }

            writer.WriteEndArray();
        }

        if (fault.PortsOutageMinutes.Count > 0)
        {
            writer.WriteStartObject("ports_outage_minutes"u8);
            foreach (var (port, minutes) in fault.PortsOutageMinutes)
            {
                writer.WriteNumber(port, minutes);
            }

            writer.WriteEndObject();
        }

        if (fault.ErrorCode is { } code)
        {
            writer.WriteString("error_code"u8, code);
        }

        WriteExpectedIncident(writer, fault.ExpectedIncident);
    }

    private static void WriteExpectedIncident(Utf8JsonWriter writer, ExpectedIncident? expected)
    {
        if (expected is null)
        {
            writer.WriteNull("expected_incident"u8);
            return;
        }

        writer.WriteStartObject("expected_incident"u8);
        writer.WriteString("scope"u8, expected.Scope);
        writer.WriteString("cause"u8, expected.Cause);
        writer.WriteString("recovery"u8, expected.Recovery);
        writer.WriteString("owner"u8, expected.Owner);
        if (expected.EscalatesTo is { } next)
        {
            writer.WriteString("escalates_to"u8, next);
        }

        if (expected.Resolves)
        {
            writer.WriteBoolean("resolves"u8, true);
        }

        writer.WriteEndObject();
    }

    private static ExpectedIncident? ReadExpectedIncident(JsonElement item, FaultKind kind, string? code)
    {
        if (!item.TryGetProperty("expected_incident", out var element))
        {
            return FaultLibrary.ExpectedIncident(kind, code);
        }

        if (element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return new ExpectedIncident(
            element.GetProperty("scope").GetString()!,
            element.GetProperty("cause").GetString()!,
            element.GetProperty("recovery").GetString()!,
            element.GetProperty("owner").GetString()!)
        {
            EscalatesTo = element.TryGetProperty("escalates_to", out var next) ? next.GetString() : null,
            Resolves = element.TryGetProperty("resolves", out var resolves) && resolves.GetBoolean(),
        };
    }

    private static InjectedFault ReadLibraryFields(JsonElement item, InjectedFault fault)
    {
        var signals = item.TryGetProperty("expected_signals", out var signalsElement)
            ? signalsElement.EnumerateArray().Select(s => s.GetString()!).ToArray()
            : FaultLibrary.ExpectedSignals(fault.Kind, fault.Minutes);
        var allowed = item.TryGetProperty("allowed_signals", out var allowedElement)
            ? allowedElement.EnumerateArray().Select(s => s.GetString()!).ToArray()
            : FaultLibrary.AllowedSignals(signals, fault.Kind);
        var chargers = item.TryGetProperty("chargers", out var chargersElement)
            ? chargersElement.EnumerateArray().Select(c => c.GetString()!).ToArray()
            : [];
        var down = new Dictionary<string, double>(StringComparer.Ordinal);
        if (item.TryGetProperty("ports_outage_minutes", out var downElement))
        {
            foreach (var port in downElement.EnumerateObject())
            {
                down[port.Name] = port.Value.GetDouble();
            }
        }

        var code = item.TryGetProperty("error_code", out var codeElement) ? codeElement.GetString() : null;
        return fault with
        {
            ErrorCode = code,
            ExpectedIncident = ReadExpectedIncident(item, fault.Kind, code),
            Class = item.TryGetProperty("class", out var cls) ? cls.GetString()! : fault.Class,
            Scope = item.TryGetProperty("scope", out var scope) ? ParseScope(scope.GetString()) : fault.Scope,
            ExpectedSignals = signals,
            AllowedSignals = allowed,
            Chargers = chargers,
            PortsOutageMinutes = down,
        };
    }

    private static void WriteTime(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset time)
    {
        Span<byte> buffer = stackalloc byte[Rfc3339.Length];
        Rfc3339.Format(time.ToUnixTimeMilliseconds(), buffer);
        writer.WriteString(name, buffer);
    }

    private static int? ReadOptionalInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.GetInt32() : null;

    private static DateTimeOffset ReadTime(JsonElement element, string name) =>
        DateTimeOffset.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
