namespace Telemetry.Decide.Classification;

/// <summary>The operator question "is this a site, hardware or platform problem?".</summary>
public enum ProblemLayer : byte
{
    Hardware = 0,
    Site = 1,
    Platform = 2,
}
