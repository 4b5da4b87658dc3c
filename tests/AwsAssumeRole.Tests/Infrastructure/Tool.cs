namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>Runs the real aws-assume-role binary.</summary>
public static class Tool
{
    public static Task<ProcessResult> RunAsync(TestEnvironment environment, params string[] arguments) =>
        ProcessRunner.RunAsync(RepoPaths.Binary, arguments, environment.Variables);

    public static Task<ProcessResult> RunAsync(TestEnvironment environment, string? stdin, TimeSpan timeout, params string[] arguments) =>
        ProcessRunner.RunAsync(RepoPaths.Binary, arguments, environment.Variables, stdin, timeout);
}
