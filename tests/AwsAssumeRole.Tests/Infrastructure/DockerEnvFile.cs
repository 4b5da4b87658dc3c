namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// Docker's <c>--env-file</c> rules (docker/cli opts/envfile.go): one <c>KEY=VALUE</c> a line, leading
/// white space trimmed, blank and <c>#</c> lines skipped, no quote handling, a key without white space.
/// </summary>
public static class DockerEnvFile
{
    public static Dictionary<string, string> Parse(string text)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimStart();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var parts = line.Split('=', 2);
            Assert.True(parts.Length == 2, $"docker would read '{parts[0]}' from its own environment, not as a value");
            Assert.False(parts[0].Any(char.IsWhiteSpace), $"docker rejects the key '{parts[0]}': it contains white space");
            variables.Add(parts[0], parts[1]);
        }

        return variables;
    }
}
