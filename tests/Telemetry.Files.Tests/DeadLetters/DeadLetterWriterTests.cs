using System.Text.Json;
using Telemetry.Files.DeadLetters;
using Telemetry.Ocpp.Rejects;

namespace Telemetry.Files.Tests.DeadLetters;

public sealed class DeadLetterWriterTests
{
    [Fact]
    public void Write_KeepsTextRaw_AndInvalidUtf8AsBase64()
    {
        using var file = new TempFile();
        byte[] notUtf8 = [0x7B, 0xFF, 0xFE, 0x7D];
        using (var writer = new DeadLetterWriter(file.Path))
        {
            writer.Write(RejectReason.InvalidJson, "capture.jsonl", 3, 120, "{oops"u8);
            writer.Write(RejectReason.InvalidJson, "capture.jsonl", 4, 126, notUtf8);
            Assert.Equal(2, writer.Count);
        }

        var lines = File.ReadAllLines(file.Path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("invalid_json", lines[0].GetProperty("reason").GetString());
        Assert.Equal(3, lines[0].GetProperty("line").GetInt64());
        Assert.Equal(120, lines[0].GetProperty("offset").GetInt64());
        Assert.Equal("{oops", lines[0].GetProperty("raw").GetString());
        Assert.Equal(notUtf8, lines[1].GetProperty("raw_base64").GetBytesFromBase64());
        Assert.False(lines[1].TryGetProperty("raw", out _));
    }
}
