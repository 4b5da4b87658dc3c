using System.Collections;
using System.Text.RegularExpressions;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// scripts/release, run once per test run (it runs scripts/pack first): the tool packages in
/// dist/packages/ and the release files in dist/release/, shared by the specs that check them.
/// </summary>
public static partial class ReleaseBuild
{
    private static readonly Lazy<Task<ProcessResult>> Run = new(() => ProcessRunner.RunAsync(
        Path.Combine(RepoPaths.Root, "scripts", "release"),
        [],
        InheritedEnvironment(),
        timeout: TimeSpan.FromMinutes(25),
        workingDirectory: RepoPaths.Root));

    public static string Packages => Path.Combine(RepoPaths.Root, "dist", "packages");

    public static string Release => Path.Combine(RepoPaths.Root, "dist", "release");

    /// <summary>The version, from the one place it is written (Directory.Build.props).</summary>
    public static string Version { get; } =
        VersionElement().Match(File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props"))).Groups[1].Value;

    /// <summary>Runs scripts/release unless this test run already has; fails the test when it failed.</summary>
    public static async Task EnsureAsync()
    {
        var result = await Run.Value;
        Assert.True(result.ExitCode == 0, "scripts/release failed: " + result);
    }

    /// <summary>What <c>--version</c> must print: the version and twelve hex digits of the commit built.</summary>
    public static async Task<string> VersionLineAsync()
    {
        var commit = await ProcessRunner.RunAsync("git", ["rev-parse", "--short=12", "HEAD"], InheritedEnvironment(), workingDirectory: RepoPaths.Root);
        Assert.True(commit.ExitCode == 0, commit.ToString());
        return $"{Version}+{commit.Stdout.Trim()}\n";
    }

    /// <summary>This process's environment, for the build tools (dotnet, git) a script runs.</summary>
    public static Dictionary<string, string> InheritedEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? string.Empty, StringComparer.Ordinal);

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();
}
