namespace Telemetry.Decide.Policy;

/// <summary>Who owns an incident, in escalation order (DESIGN §2.3 <c>owner</c>).</summary>
public enum Owner : byte
{
    Frontline = 0,
    Techops = 1,
    Field = 2,
    Vendor = 3,
}
