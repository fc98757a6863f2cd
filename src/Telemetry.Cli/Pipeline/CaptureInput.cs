using System.IO.Pipelines;
using Telemetry.Ocpp.Csv;
using Telemetry.Ocpp.Events;
using Telemetry.Ocpp.Framing;
using Telemetry.Ocpp.Frames;
using Telemetry.Ocpp.Tap;

namespace Telemetry.Cli.Pipeline;

/// <summary>Reads a capture in either format with the same handler, limits and counters.</summary>
internal sealed class CaptureInput
{
    private const int PendingCallCapacity = 100_000;
    private const int CsmsCallCapacity = 16_384;
    private static readonly TimeSpan s_pendingCallExpiry = TimeSpan.FromMinutes(5);

    private readonly TapReader? _tap;
    private readonly TapRecordParser? _tapParser;
    private readonly CsvCaptureReader? _csv;
    private readonly CsvRowParser? _csvParser;

    public CaptureInput(CaptureFormat format, ChargerRegistry chargers, TextCodeRegistry textCodes, TapReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pending = new PendingCalls(PendingCallCapacity, s_pendingCallExpiry);
        if (format == CaptureFormat.Csv)
        {
            _csvParser = new CsvRowParser(chargers, pending, new CsmsCalls(CsmsCallCapacity), textCodes);
            _csv = new CsvCaptureReader(_csvParser, new CsvReaderOptions { MaxRecordBytes = options.MaxRecordBytes });
        }
        else
        {
            _tapParser = new TapRecordParser(chargers, pending, textCodes);
            _tap = new TapReader(_tapParser, options);
        }
    }

    /// <summary>Bytes consumed so far; safe to read from another thread for progress.</summary>
    public long BytesRead => _tap?.BytesRead ?? _csv!.BytesRead;

    /// <summary>Results that answered no tracked CALL.</summary>
    public long UnmatchedResults => _tapParser?.UnmatchedResults ?? _csvParser!.UnmatchedResults;

    /// <summary>The format named by <paramref name="format"/>, or else by the file's extension (<c>.csv</c>).</summary>
    public static CaptureFormat FormatOf(string path, string? format) => format?.ToUpperInvariant() switch
    {
        null => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? CaptureFormat.Csv : CaptureFormat.Tap,
        "TAP" => CaptureFormat.Tap,
        "CSV" => CaptureFormat.Csv,
        _ => throw new ArgumentException($"--format: '{format}' is not a capture format; use tap or csv."),
    };

    public Task<CaptureReadResult> ReadAsync<THandler>(PipeReader input, THandler handler, CancellationToken cancellationToken)
        where THandler : struct, IParseHandler =>
        _tap is not null ? _tap.ReadAsync(input, handler, cancellationToken) : _csv!.ReadAsync(input, handler, cancellationToken);
}
