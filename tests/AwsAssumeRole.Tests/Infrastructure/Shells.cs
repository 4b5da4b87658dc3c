namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// The real shells that consume the shell formats. scripts/ensure-tools installs fish (Debian's
/// package) and PowerShell (the .NET tool, in the repository's .tools/); a missing one fails the
/// test rather than skipping it.
/// </summary>
public static class Shells
{
    public static string Bash => Find("bash");

    /// <summary>dash, Debian's /bin/sh: the strictest POSIX shell at hand.</summary>
    public static string Dash => Find("dash");

    public static string Fish => Find("fish");

    /// <summary>zsh (Debian's package), for the completion script.</summary>
    public static string Zsh => Find("zsh");

    public static string Pwsh =>
        Path.Combine(RepoPaths.Root, ".tools", "pwsh") is var local && File.Exists(local) ? local : Find("pwsh");

    private static string Find(string name) =>
        MotoServer.FindExecutable(name) ?? throw new InvalidOperationException($"{name} not found on PATH: run scripts/ensure-tools");
}
