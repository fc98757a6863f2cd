namespace Telemetry.Simulator.Scoring;

/// <summary>Precision and recall of one fault class.</summary>
/// <param name="Recalled">Faults for which every expected signal was raised on every charger it concerns.</param>
/// <param name="TruePositives">Raised signals matching a fault of this class.</param>
/// <param name="FalsePositives">Raised signals of a type this class expects that match no fault at all.</param>
public sealed record ClassScore(string Class, int Faults, int Recalled, int TruePositives, int FalsePositives)
{
    public double? Recall => Faults == 0 ? null : (double)Recalled / Faults;

    public double? Precision => TruePositives + FalsePositives == 0 ? null : (double)TruePositives / (TruePositives + FalsePositives);
}
