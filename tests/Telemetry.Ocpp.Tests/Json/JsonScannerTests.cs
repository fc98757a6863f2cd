using System.Text;
using System.Text.Json;
using Telemetry.Ocpp.Json;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tests.Fuzz;

namespace Telemetry.Ocpp.Tests.Json;

/// <summary>
/// <see cref="JsonScanner"/> against <see cref="Utf8JsonReader"/> (MaxDepth 64) as the oracle: on
/// any UTF-8 input both accept or both refuse, and when they accept they give the same tokens.
/// </summary>
public class JsonScannerTests
{
    private const int MutatedInputs = 20_000;

    [Theory]
    [InlineData("""{"a":[1,-0.5e+3,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9"],"b":{}}""")]
    [InlineData(" \t\r\n[ 0 , 1.25 , \"\" ] \n")]
    [InlineData("123")]
    [InlineData("\"\\ud83d\\ude00\"")]
    [InlineData("[[[[[[[[[[]]]]]]]]]]")]
    public void Read_GivesTheReadersTokens_ForValidJson(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.Equal(OracleTokens(bytes), ScannerTokens(bytes));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"a\"}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,]")]
    [InlineData("[1 2]")]
    [InlineData("{\"a\":1]")]
    [InlineData("[1}")]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData("1e")]
    [InlineData("-")]
    [InlineData(".5")]
    [InlineData("+1")]
    [InlineData("truex")]
    [InlineData("nul")]
    [InlineData("\"abc")]
    [InlineData("\"a\\x\"")]
    [InlineData("\"a\\u12g4\"")]
    [InlineData("\"tab\there\"")]
    [InlineData("{} {}")]
    [InlineData("[1]x")]
    [InlineData("{'a':1}")]
    [InlineData("[1]/*c*/")]
    public void Read_ThrowsInvalidJson_ForMalformedJson(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var e = Assert.Throws<MalformedRecordException>(() => ScannerTokens(bytes));

        Assert.Equal(RejectReason.InvalidJson, e.Reason);
        Assert.Null(OracleTokens(bytes));
    }

    [Fact]
    public void Read_ThrowsInvalidJson_WhenNestingPassesMaxDepth()
    {
        var deepest = Encoding.UTF8.GetBytes(new string('[', JsonScanner.MaxDepth) + new string(']', JsonScanner.MaxDepth));
        var tooDeep = Encoding.UTF8.GetBytes(new string('[', JsonScanner.MaxDepth + 1) + new string(']', JsonScanner.MaxDepth + 1));

        Assert.Equal(OracleTokens(deepest), ScannerTokens(deepest));
        Assert.Equal(RejectReason.InvalidJson, Assert.Throws<MalformedRecordException>(() => ScannerTokens(tooDeep)).Reason);
        Assert.Null(OracleTokens(tooDeep));
    }

    [Fact]
    public void Skip_LeavesTheScannerOnTheContainersEnd_WhenOnAPropertyName()
    {
        var scanner = new JsonScanner("""{"a":{"b":[1,{"c":2}]},"d":3}"""u8);
        scanner.Read();
        scanner.Read();

        scanner.Skip();
        var endOfA = scanner.TokenType;
        scanner.Read();

        Assert.Equal(JsonTokenType.EndObject, endOfA);
        Assert.True(scanner.ValueTextEquals("d"u8));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"a\":\"b\"}")]
    [InlineData("{\"currentTime\":\"2026-03-01T00:00:00.750Z\",\"status\":\"Accepted\"}")]
    [InlineData("{\"a\":\"b\",}")]
    [InlineData("{\"a\":\"b\"")]
    [InlineData("{\"a\":\"b\" }")]
    [InlineData("{ \"a\":\"b\"}")]
    [InlineData("{\"a\":1}")]
    [InlineData("{\"a\":\"b\",\"c\":2}")]
    [InlineData("{\"a\":\"b\\\"c\"}")]
    [InlineData("{\"a\":\"\u00e9\"}")]
    [InlineData("{\"a\":\"b\"}x")]
    [InlineData("{,}")]
    [InlineData("{\"a\":\"b\"\"c\":\"d\"}")]
    [InlineData("{\"a\":\"b\",,\"c\":\"d\"}")]
    [InlineData("{\"a\":{\"b\":\"c\"}}")]
    [InlineData("{\"a\"\"b\"}")]
    [InlineData("{\"a\":\"b\"]")]
    [InlineData("{\"a\":\"\u0001\"}")]
    [InlineData("{\"a\":\"b")]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\"")]
    public void Skip_AgreesWithTheReader_ForObjects(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.Equal(OracleSkip(bytes), ScannerSkip(bytes));
    }

    [Fact]
    public void Skip_AgreesWithTheReader_ForMutatedObjects()
    {
        var corpus = Array.ConvertAll(TapCorpus.Records, Encoding.UTF8.GetBytes);
        var random = new Random(1_772_452_800);
        var mutator = new Mutator(random);
        for (var i = 0; i < MutatedInputs; i++)
        {
            var input = mutator.Mutate(corpus[random.Next(corpus.Length)], corpus[random.Next(corpus.Length)]);
            if (System.Text.Unicode.Utf8.IsValid(input))
            {
                Assert.True(OracleSkip(input) == ScannerSkip(input), $"input {i}: {Encoding.UTF8.GetString(input)}");
            }
        }
    }

    [Theory]
    [InlineData("\"CP-\\u0042\"", "CP-B")]
    [InlineData("\"\\u00e9t\\u00e9\"", "été")]
    [InlineData("\"\\ud83d\\ude00!\"", "😀!")]
    [InlineData("\"a\\/b\\\\c\\\"\"", "a/b\\c\"")]
    public void CopyString_Unescapes_ForEscapedStrings(string json, string expected)
    {
        var scanner = new JsonScanner(Encoding.UTF8.GetBytes(json));
        scanner.Read();
        var destination = new byte[64];

        var length = scanner.CopyString(destination);

        Assert.Equal(expected, Encoding.UTF8.GetString(destination, 0, length));
        Assert.True(scanner.ValueTextEquals(Encoding.UTF8.GetBytes(expected)));
        Assert.False(scanner.ValueTextEquals(Encoding.UTF8.GetBytes(expected + "x")));
    }

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\udc00x\"")]
    [InlineData("\"\\ud800\\u0041\"")]
    public void CopyString_ThrowsNotUtf8_ForLoneSurrogateEscapes(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        var e = Assert.Throws<MalformedRecordException>(() =>
        {
            var scanner = new JsonScanner(bytes);
            scanner.Read();
            scanner.CopyString(new byte[64]);
        });

        Assert.Equal(RejectReason.NotUtf8, e.Reason);
    }

    [Theory]
    [InlineData("\"caf\u00e9\"")]
    [InlineData("[\"\u00e9t\u00e9 \u4e2d\u6587 \ud83d\ude00\",\"0123456789abcdef\u00e9\"]")]
    [InlineData("{\"vendorErrorCode\":\"Temp\u00e9rature \u00e9lev\u00e9e au-del\u00e0 du seuil\"}")]
    public void Read_GivesTheReadersTokens_ForNonAsciiText(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Contains(bytes, b => b >= 0x80);

        Assert.Equal(OracleTokens(bytes), ScannerTokens(bytes));
    }

    /// <summary>Bad UTF-8 inside strings at every position, so both the in-place vector compares and the end-of-buffer search meet it.</summary>
    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    public void Read_ThrowsNotUtf8_ForInvalidUtf8InAString(byte[] bad)
    {
        for (var before = 0; before < 40; before++)
        {
            byte[] json = [.. "[\""u8, .. Enumerable.Repeat((byte)'a', before), .. bad, .. "b\",1]"u8];

            var e = Assert.Throws<MalformedRecordException>(() => ScannerTokens(json));

            Assert.Equal(RejectReason.NotUtf8, e.Reason);
        }
    }

    [Fact]
    public void Read_FindsTheStringEnd_AtEveryDistanceFromTheBufferEnd()
    {
        for (var length = 0; length < 40; length++)
        {
            var text = new string('x', length);
            var bytes = Encoding.UTF8.GetBytes($"[\"{text}\"]");

            Assert.Equal(["StartArray", $"String:{text}", "EndArray"], ScannerTokens(bytes));
            var unterminated = Assert.Throws<MalformedRecordException>(() => ScannerTokens(bytes.AsSpan(0, bytes.Length - 2).ToArray()));
            Assert.Equal(RejectReason.InvalidJson, unterminated.Reason);
        }
    }

    [Fact]
    public void Read_AgreesWithTheReader_ForMutatedRecords()
    {
        var corpus = Array.ConvertAll(TapCorpus.Records, Encoding.UTF8.GetBytes);
        var random = new Random(1_772_366_400);
        var mutator = new Mutator(random);
        for (var i = 0; i < MutatedInputs; i++)
        {
            var input = mutator.Mutate(corpus[random.Next(corpus.Length)], corpus[random.Next(corpus.Length)]);
            if (!System.Text.Unicode.Utf8.IsValid(input))
            {
                continue;
            }

            var expected = OracleTokens(input);
            List<string>? actual;
            try
            {
                actual = ScannerTokens(input);
            }
            catch (MalformedRecordException)
            {
                actual = null;
            }

            Assert.True(
                expected is null ? actual is null : actual is not null && expected.SequenceEqual(actual),
                $"input {i}: {Encoding.UTF8.GetString(input)}");
        }
    }

    /// <summary>
    /// Where skipping the root value ends and the tokens after it, or null when the BCL reader
    /// refuses the input (the first token, the skip or what follows).
    /// </summary>
    private static string? OracleSkip(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = JsonScanner.MaxDepth });
            reader.Read();
            reader.Skip();
            var skipped = $"{reader.TokenType}@{reader.BytesConsumed}";
            while (reader.Read())
            {
                skipped += " " + Describe(reader.TokenType, reader.ValueSpan);
            }

            return skipped;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ScannerSkip(byte[] json)
    {
        try
        {
            var scanner = new JsonScanner(json);
            scanner.Read();
            scanner.Skip();
            var skipped = $"{scanner.TokenType}@{scanner.BytesConsumed}";
            while (scanner.Read())
            {
                skipped += " " + Describe(scanner.TokenType, scanner.ValueSpan);
            }

            return skipped;
        }
        catch (MalformedRecordException)
        {
            return null;
        }
    }

    /// <summary>Token type and raw value of every token, or null when the BCL reader refuses the input.</summary>
    private static List<string>? OracleTokens(byte[] json)
    {
        var tokens = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = JsonScanner.MaxDepth });
            while (reader.Read())
            {
                tokens.Add(Describe(reader.TokenType, reader.ValueSpan));
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return tokens;
    }

    private static List<string> ScannerTokens(byte[] json)
    {
        var tokens = new List<string>();
        var scanner = new JsonScanner(json);
        while (scanner.Read())
        {
            tokens.Add(Describe(scanner.TokenType, scanner.ValueSpan));
        }

        return tokens;
    }

    private static string Describe(JsonTokenType type, ReadOnlySpan<byte> value) =>
        type is JsonTokenType.String or JsonTokenType.PropertyName or JsonTokenType.Number
            ? $"{type}:{Encoding.UTF8.GetString(value)}"
            : type.ToString();
}
