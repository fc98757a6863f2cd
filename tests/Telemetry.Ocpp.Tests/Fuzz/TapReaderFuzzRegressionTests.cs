using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Rejects;
using Telemetry.Ocpp.Tests.Support;

namespace Telemetry.Ocpp.Tests.Fuzz;

/// <summary>Minimal inputs from the fuzzer's findings and from the mutation kinds it uses, kept as named cases.</summary>
public class TapReaderFuzzRegressionTests
{
    private const string Next = """{"ts":"2026-03-01T12:00:01Z","cp":"CP-1","event":"disconnected"}""";

    /// <summary>Found by the fuzzer (seed 1772366503): it used to throw out of the reader and end the read.</summary>
    [Fact]
    public async Task ReadAsync_RejectsNotUtf8_WhenEscapedChargePointIsNotUtf8()
    {
        byte[] input = [.. "{\"ts\":\"2026-03-01T12:00:00Z\",\"cp\":\""u8, 0xE2, 0x82, .. """CP-\u0042","event":"connected"}"""u8, (byte)'\n', .. Encoding.UTF8.GetBytes(Next)];

        var run = await TapRun.ReadAsync(new ReadOnlySequence<byte>(input));

        Assert.Equal(RejectReason.NotUtf8, Assert.Single(run.Log.Rejections).Reason);
        Assert.Equal(EventKind.Disconnected, Assert.Single(run.Log.Events).Kind);
    }

    [Fact]
    public async Task ReadAsync_RejectsNotUtf8_WhenUnescapedChargePointIsNotUtf8()
    {
        byte[] input = [.. "{\"ts\":\"2026-03-01T12:00:00Z\",\"cp\":\""u8, 0xE2, 0x82, .. """CP-1","event":"connected"}"""u8, (byte)'\n', .. Encoding.UTF8.GetBytes(Next)];

        var run = await TapRun.ReadAsync(new ReadOnlySequence<byte>(input));

        Assert.Equal(RejectReason.NotUtf8, Assert.Single(run.Log.Rejections).Reason);
        Assert.Equal(EventKind.Disconnected, Assert.Single(run.Log.Events).Kind);
    }

    [Theory]
    [InlineData("deep nesting", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"d1","DataTransfer",{"data":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}""")]
    [InlineData("unclosed nesting", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[[[[[[[[2,"h1","Heartbeat",{}]}""")]
    [InlineData("huge connector id", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"s1","StatusNotification",{"connectorId":99999999999999999999999999,"errorCode":"NoError","status":"Available"}]}""")]
    [InlineData("huge message type", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[1e400,"h1","Heartbeat",{}]}""")]
    [InlineData("number as string", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":["2","h1","Heartbeat",{}]}""")]
    [InlineData("doubled quote", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,""h1","Heartbeat",{}]}""")]
    [InlineData("dropped comma", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h1" "Heartbeat",{}]}""")]
    [InlineData("result before its call", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"tx","msg":[3,"b1",{"status":"Accepted","interval":300}]}""")]
    [InlineData("duplicate msg", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartbeat",{}],"msg":[3,"h1",{}]}""")]
    [InlineData("truncated", """{"ts":"2026-03-01T12:00:00Z","cp":"CP-1","dir":"rx","msg":[2,"h1","Heartb""")]
    [InlineData("blank lines", "\r\n   \n\n")]
    public async Task CheckAsync_AccountsForEveryLine_ForMutationKind(string kind, string record)
    {
        var input = Encoding.UTF8.GetBytes(record + "\n" + Next + "\n");

        var failure = await TapReaderFuzzTests.CheckAsync(input, 2);

        Assert.True(failure is null, $"{kind}: {failure}");
    }

    [Fact]
    public async Task CheckAsync_AccountsForEveryLine_WhenLongStringExceedsLimitAndInvalidUtf8()
    {
        byte[] input = [.. Encoding.UTF8.GetBytes("{\"cp\":\"" + new string('x', 2000) + "\"}\n"), 0xFF, 0xC0, 0xAF, (byte)'\n', .. Encoding.UTF8.GetBytes(Next)];

        var failure = await TapReaderFuzzTests.CheckAsync(input, 3);

        Assert.Null(failure);
    }
}
