using System.Diagnostics.CodeAnalysis;

namespace Telemetry.Ocpp.Rejects;

/// <summary>Keeps throw sites out of the hot parsing methods so they stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowMalformed(RejectReason reason) => throw new MalformedRecordException(reason);

    [DoesNotReturn]
    public static T ThrowMalformed<T>(RejectReason reason) => throw new MalformedRecordException(reason);
}
