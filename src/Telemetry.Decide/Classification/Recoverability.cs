namespace Telemetry.Decide.Classification;

/// <summary>Where the fix is expected to come from (DESIGN §2.3 <c>recovery</c>).</summary>
public enum Recoverability : byte
{
    /// <summary>Commands from the operations centre can restore service.</summary>
    Remote = 0,

    /// <summary>Someone has to go to the site.</summary>
    Field = 1,

    /// <summary>The manufacturer has to fix the product (systemic fault).</summary>
    Vendor = 2,
}
