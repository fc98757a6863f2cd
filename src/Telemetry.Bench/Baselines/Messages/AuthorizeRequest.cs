namespace Telemetry.Bench.Baselines.Messages;

/// <summary>Authorize.req: 1.6 idTag or 2.0.1 idToken.</summary>
public sealed class AuthorizeRequest
{
    public string? IdTag { get; set; }

    public IdToken? IdToken { get; set; }
}
