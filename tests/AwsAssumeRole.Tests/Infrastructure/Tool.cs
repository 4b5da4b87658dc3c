namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>Runs the real aws-assume-role binary.</summary>
public static class Tool
{
    public static Task<ProcessResult> RunAsync(TestEnvironment environment, params string[] arguments) =>
        ProcessRunner.RunAsync(RepoPaths.Binary, arguments, environment.Variables);

    public static Task<ProcessResult> RunAsync(TestEnvironment environment, string? stdin, TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync(RepoPaths.Binary, arguments, environment.Variables, stdin, timeout);

    /// <summary>
    /// Runs the binary under another program that then starts it (a shell setting the umask,
    /// setpriv, strace): <c>wrapper... BINARY arguments...</c>.
    /// </summary>
    public static Task<ProcessResult> RunUnderAsync(TestEnvironment environment, string[] wrapper, params string[] arguments) =>
        ProcessRunner.RunAsync(wrapper[0], [.. wrapper[1..], RepoPaths.Binary, .. arguments], environment.Variables);
}
