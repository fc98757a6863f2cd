using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Telemetry.Ocpp.Json;

namespace Telemetry.Ocpp.Tests.Json;

/// <summary><see cref="DecimalText"/> against <see cref="Utf8Parser"/> as the oracle: same acceptance, same bits.</summary>
public class DecimalTextTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("241816")]
    [InlineData("8250.5")]
    [InlineData("-12.75")]
    [InlineData("0.1")]
    [InlineData("0.3")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456")]
    [InlineData("12345678901234567890")]
    [InlineData("9007199254740993")]
    [InlineData("1.000000000000001")]
    [InlineData("0.000000000000000000001")]
    [InlineData("00012")]
    [InlineData("1e3")]
    [InlineData("-2.5E-2")]
    [InlineData("+7")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    [InlineData(" 12")]
    [InlineData("NaN")]
    public void TryParse_AgreesWithUtf8Parser_ForEdgeCases(string text) => AssertAgrees(text);

    [Fact]
    public void TryParse_AgreesWithUtf8Parser_ForRandomDecimals()
    {
        var random = new Random(20_260_301);
        for (var i = 0; i < 200_000; i++)
        {
            var integerDigits = random.Next(0, 17);
            var fractionDigits = random.Next(-1, 17);
            var text = new StringBuilder();
            if (random.Next(4) == 0)
            {
                text.Append('-');
            }

            for (var d = 0; d < integerDigits; d++)
            {
                text.Append((char)('0' + random.Next(10)));
            }

            if (fractionDigits >= 0)
            {
                text.Append('.');
                for (var d = 0; d < fractionDigits; d++)
                {
                    text.Append((char)('0' + random.Next(10)));
                }
            }

            AssertAgrees(text.ToString());
        }
    }

    private static void AssertAgrees(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var expectedOk = Utf8Parser.TryParse(bytes, out double expected, out var consumed) && consumed == bytes.Length;

        var ok = DecimalText.TryParse(bytes, out var actual);

        Assert.Equal(expectedOk, ok);
        if (ok)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
                string.Create(CultureInfo.InvariantCulture, $"{text}: expected {expected:R}, got {actual:R}"));
        }
    }
}
