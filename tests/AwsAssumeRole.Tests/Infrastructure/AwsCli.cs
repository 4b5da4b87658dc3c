namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>The real aws CLI, as a consumer of what the tool prints and to set moto up.</summary>
public static class AwsCli
{
    public static async Task<ProcessResult> RunAsync(TestEnvironment environment, params string[] arguments)
    {
        var aws = MotoServer.FindExecutable("aws") ?? throw new InvalidOperationException("aws CLI not found on PATH nor in .tools/python/bin: run scripts/ensure-tools");
        // The aws CLI refuses to run without a region; the tool under test does not need one.
        var variables = new Dictionary<string, string>(environment.Variables);
        variables.TryAdd("AWS_DEFAULT_REGION", "us-east-1");
        return await ProcessRunner.RunAsync(aws, arguments, variables);
    }

    /// <summary>Runs the aws CLI with exactly this environment (no default region added).</summary>
    public static Task<ProcessResult> RunExactAsync(TestEnvironment environment, params string[] arguments) =>
        ProcessRunner.RunAsync(MotoServer.FindExecutable("aws") ?? throw new InvalidOperationException("aws CLI not found on PATH"), arguments, environment.Variables);

    /// <summary>Runs the aws CLI and fails the test when it fails.</summary>
    public static async Task<string> MustRunAsync(TestEnvironment environment, params string[] arguments)
    {
        var result = await RunAsync(environment, arguments);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', arguments)} failed: {result}");
        return result.Stdout;
    }

    /// <summary>What <c>aws sts get-caller-identity</c> says about these credentials (KEY=VALUE variables) at this STS endpoint.</summary>
    public static async Task<System.Text.Json.JsonElement> CallerIdentityWithAsync(string stsEndpoint, IReadOnlyDictionary<string, string> credentials)
    {
        using var consumer = new TestEnvironment();
        consumer.With("AWS_ENDPOINT_URL_STS", stsEndpoint);
        foreach (var (key, value) in credentials)
        {
            consumer.With(key, value);
        }

        return System.Text.Json.JsonDocument.Parse(await MustRunAsync(consumer, "sts", "get-caller-identity")).RootElement;
    }
}
