namespace CareSlot.SystemTests;

/// <summary>
/// One fault at a time: the tests stop and start parts of one shared topology, so every test class belongs to this one
/// collection and none runs beside another.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OneTopology
{
    public const string Name = "Topology";
}
