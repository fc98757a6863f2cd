namespace Telemetry.Kafka.Codec;

/// <summary>Why a <c>telemetry.events</c> record value did or did not decode.</summary>
public enum EventDecodeStatus : byte
{
    Ok = 0,

    /// <summary>The value has no bytes, so not even a version.</summary>
    Empty = 1,

    /// <summary>The version byte names a layout this reader does not know (written by a newer producer).</summary>
    UnknownVersion = 2,

    /// <summary>The version is known but the value's length is not that version's fixed length.</summary>
    BadLength = 3,
}
