using System.Collections;
using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Cli;

/// <summary>The real process environment.</summary>
internal sealed class ProcessEnvironment : IProcessEnvironment
{
    public static ProcessEnvironment Instance { get; } = new();

    public string? Get(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    public IReadOnlyDictionary<string, string> All() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? string.Empty, StringComparer.Ordinal);

    public void Set(string name, string value) => Environment.SetEnvironmentVariable(name, value);
}
