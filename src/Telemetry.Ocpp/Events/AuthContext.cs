namespace Telemetry.Ocpp.Events;

/// <summary>Which exchange an <see cref="EventKind.AuthResult"/> answers. Values are stable: they are encoded on the wire.</summary>
public enum AuthContext : byte
{
    /// <summary>The answer to Authorize.</summary>
    Authorize = 0,

    /// <summary>The answer to a 1.6 StartTransaction: the transaction is open when the status is Accepted.</summary>
    StartTransaction = 1,
}
