using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Tests.Sources;

/// <summary>A process environment held in a dictionary, recording what is set in it.</summary>
internal sealed class FakeProcessEnvironment(params (string Name, string Value)[] variables) : IProcessEnvironment
{
    private readonly Dictionary<string, string> variables = variables.ToDictionary(v => v.Name, v => v.Value);

    public List<(string Name, string Value)> Sets { get; } = [];

    public string? Get(string name) => variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public IReadOnlyDictionary<string, string> All() => variables;

    public void Set(string name, string value)
    {
        Sets.Add((name, value));
        variables[name] = value;
    }
}
