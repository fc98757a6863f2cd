namespace Telemetry.Cli.Hosting;

/// <summary>
/// What <c>/readyz</c> reports: a long-running command marks itself ready once it serves
/// (listening, topics found) and not ready while it stops. <c>/healthz</c> only says the
/// process answers.
/// </summary>
internal sealed class HealthState
{
    private volatile bool _ready;

    public bool Ready
    {
        get => _ready;
        set => _ready = value;
    }
}
