namespace Telemetry.Ocpp.Tests.Fuzz;

/// <summary>
/// Defects the fuzzer found in the tap reader that are reported but not yet fixed, so that the
/// property test keeps looking for new ones. Each has a tripwire regression test in
/// <see cref="TapReaderFuzzRegressionTests"/> that fails once the defect is fixed, as a reminder
/// to remove the entry here and make the regression test expect the correct behaviour.
/// </summary>
public static class KnownDefects
{
    /// <summary>
    /// An escaped charge point id (<c>"cp":"\xE2\x82CP-\u0042"</c>) holding invalid UTF-8 makes
    /// <c>Utf8JsonReader.CopyString</c> in <c>TapRecordParser.InternChargePoint</c> throw
    /// <see cref="InvalidOperationException"/>, which escapes <c>TapReader.ReadAsync</c> and ends the read
    /// instead of rejecting the record as <c>InvalidChargePoint</c>.
    /// </summary>
    public static bool IsKnown(Exception exception) =>
        exception is InvalidOperationException
        && exception.StackTrace?.Contains("TapRecordParser.InternChargePoint", StringComparison.Ordinal) == true;
}
