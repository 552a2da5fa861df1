namespace Analytics;

/// <summary>Names the silo registers its grain storage under; grains refer to these, never to a database.</summary>
public static class StorageNames
{
    public const string Default = "analytics";
}
