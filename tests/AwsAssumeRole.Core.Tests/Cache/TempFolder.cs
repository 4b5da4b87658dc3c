namespace AwsAssumeRole.Core.Tests.Cache;

/// <summary>A throw-away folder for file-system tests, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Root = Directory.CreateTempSubdirectory("aar-cache-test-").FullName;

    public string Root { get; }

    /// <summary>A cache folder inside the throw-away one that does not exist yet.</summary>
    public string Cache => Path.Combine(Root, "cache");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A fact that needs root (to hand a file to another user); skipped otherwise.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "needs root on Linux to give a file to another user";
        }
    }
}
