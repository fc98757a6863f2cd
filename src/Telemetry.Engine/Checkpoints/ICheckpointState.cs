namespace Telemetry.Engine.Checkpoints;

/// <summary>
/// State that changes what a partition outputs and can be carried over a restart: written as one
/// checkpoint section, restored into a fresh instance built with the same options.
/// </summary>
public interface ICheckpointState
{
    /// <summary>Writes the state as one section, noting in <paramref name="ids"/> every charger id and text code it refers to.</summary>
    void WriteTo(CheckpointWriter writer, CheckpointIds ids);

    /// <summary>Replaces this fresh instance's state with what <see cref="WriteTo"/> wrote, mapping ids through <paramref name="map"/>.</summary>
    /// <exception cref="InvalidDataException">Not this section, another format version, cut short or corrupt.</exception>
    void RestoreFrom(ref CheckpointReader reader, CheckpointIdMap map);
}
