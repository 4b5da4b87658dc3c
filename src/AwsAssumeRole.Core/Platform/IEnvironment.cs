namespace AwsAssumeRole.Core.Platform;

/// <summary>Read access to environment variables; the executable passes the process's own.</summary>
public interface IEnvironment
{
    /// <summary>The variable's value, or null when unset. An empty value counts as unset.</summary>
    string? Get(string name);
}

/// <summary>An environment backed by a dictionary, for tests and for building child environments.</summary>
public sealed class DictionaryEnvironment(IReadOnlyDictionary<string, string> variables) : IEnvironment
{
    /// <inheritdoc />
    public string? Get(string name) =>
        variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
