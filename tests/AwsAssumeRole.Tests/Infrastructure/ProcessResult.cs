namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>What a finished process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalMilliseconds:F0} ms\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    /// <summary>The env-format output as a dictionary (one KEY=VALUE a line).</summary>
    public IReadOnlyDictionary<string, string> EnvLines() =>
        Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);

    /// <summary>
    /// Bad input as the tool must report it: exit 2, nothing on stdout, one error line (and at most
    /// a hint) on stderr that says <paramref name="expectedMessage"/>, and no terminal escape sequence.
    /// </summary>
    public void AssertBadInput(string expectedMessage)
    {
        Assert.True(ExitCode == 2, ToString());
        Assert.Equal(string.Empty, Stdout);
        var lines = Stderr.TrimEnd('\n').Split('\n');
        Assert.StartsWith("aws-assume-role: error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expectedMessage, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.True(lines.Length <= 2, Stderr);
        Assert.DoesNotContain('\u001b', Stderr);
    }
}
