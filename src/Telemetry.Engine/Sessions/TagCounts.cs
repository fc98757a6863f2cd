namespace Telemetry.Engine.Sessions;

/// <summary>How many outcomes of each tag (0 to 3) a <see cref="TaggedTimes"/> window holds.</summary>
internal struct TagCounts
{
    public int Tag0;
    public int Tag1;
    public int Tag2;
    public int Tag3;

    public readonly int Total => Tag0 + Tag1 + Tag2 + Tag3;

    public void Add(int tag)
    {
        switch (tag)
        {
            case 0:
                Tag0++;
                break;
            case 1:
                Tag1++;
                break;
            case 2:
                Tag2++;
                break;
            default:
                Tag3++;
                break;
        }
    }
}
