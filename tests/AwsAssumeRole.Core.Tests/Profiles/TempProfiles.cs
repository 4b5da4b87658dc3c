using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;

namespace AwsAssumeRole.Core.Tests.Profiles;

/// <summary>Throw-away config and credentials files, and a resolver over them.</summary>
internal sealed class TempProfiles : IDisposable
{
    public TempProfiles(string config, string credentials = "")
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aar-profiles-").FullName;
        Files = new ProfileFiles(Path.Combine(Directory, "config"), Path.Combine(Directory, "credentials"));
        File.WriteAllText(Files.ConfigPath, config);
        File.WriteAllText(Files.CredentialsPath, credentials);
    }

    public string Directory { get; }

    public ProfileFiles Files { get; }

    public ProfileStore Store() => new(Files);

    public ProfileChain Resolve(string? profileOption, params (string Name, string Value)[] variables) =>
        new ProfileChainResolver(new DictionaryEnvironment(variables.ToDictionary(v => v.Name, v => v.Value)), Store()).Resolve(profileOption);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
