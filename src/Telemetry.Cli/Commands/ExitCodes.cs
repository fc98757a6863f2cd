namespace Telemetry.Cli.Commands;

/// <summary>Process exit codes (DESIGN §2.5).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadUsage = 2;
}
