using System.Net.Sockets;
using Npgsql;

namespace Telemetry.Timescale.Sink;

/// <summary>Which failures are worth another try of the same transaction.</summary>
internal static class TransientFailure
{
    /// <summary>
    /// Lost or refused connections (class 08, a terminated backend 57P01, a server shutting
    /// down or starting 57P02/57P03), serialization failures and deadlocks (40001, 40P01), and
    /// too many connections (53300). A commit whose connection broke may have committed or not;
    /// trying again is safe because every write is an idempotent upsert.
    /// </summary>
    public static bool Is(Exception exception) => exception switch
    {
        PostgresException postgres => IsTransientState(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or EndOfStreamException,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    private static bool IsTransientState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || state is PostgresErrorCodes.AdminShutdown
            or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.SerializationFailure
            or PostgresErrorCodes.DeadlockDetected
            or PostgresErrorCodes.TooManyConnections;
}
