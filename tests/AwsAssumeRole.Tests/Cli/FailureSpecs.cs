using System.Text.Json;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// AWS refusing or failing: exit 1, a message naming the hop, the role and STS's error code, a
/// hint, stdout empty, and no secret on stderr. Uses moto with IAM authorization switched on.
/// </summary>
[Trait("Layer", "Integration")]
public sealed class FailureSpecs : IDisposable
{
    private const string Account = "123456789012";
    private readonly TestEnvironment env = new();

    public void Dispose() => env.Dispose();

    [Fact]
    public async Task A_hop_the_caller_may_not_assume_fails_with_exit_1_naming_the_hop_and_role()
    {
        await using var moto = await MotoServer.StartAsync(authAfter: 7);
        var alice = await SetUpAliceAsync(moto);
        env.WithSourceKeys(alice.AccessKeyId, alice.Secret).With("AWS_ENDPOINT_URL_STS", moto.Endpoint);

        var allowed = await Tool.RunAsync(env, "whoami", "allowed");
        var denied = await Tool.RunAsync(env, "allowed", "forbidden");

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/allowed/alice", JsonDocument.Parse(allowed.Stdout).RootElement.GetProperty("Arn").GetString());
        Assert.True(denied.ExitCode == 1, denied.ToString());
        Assert.Equal(string.Empty, denied.Stdout);
        Assert.Contains($"aws-assume-role: error: hop 2 of 2, arn:aws:iam::{Account}:role/forbidden: AccessDenied", denied.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: check that the trust policy of", denied.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.Secret, denied.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", denied.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_key_fails_with_exit_1_and_the_refresh_hint()
    {
        await using var moto = await MotoServer.StartAsync(authAfter: 7);
        var alice = await SetUpAliceAsync(moto);
        const string wrongSecret = "ThisIsNotAlicesSecretKeyAtAll0123456789x";
        env.WithSourceKeys(alice.AccessKeyId, wrongSecret).With("AWS_ENDPOINT_URL_STS", moto.Endpoint);

        var result = await Tool.RunAsync(env, "allowed");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("SignatureDoesNotMatch", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: the source credentials are invalid or expired: refresh them", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongSecret, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_shows_a_stack_trace_but_never_a_secret()
    {
        await using var moto = await MotoServer.StartAsync(authAfter: 7);
        var alice = await SetUpAliceAsync(moto);
        env.WithSourceKeys(alice.AccessKeyId, alice.Secret).With("AWS_ENDPOINT_URL_STS", moto.Endpoint);

        var result = await Tool.RunAsync(env, "--debug", "allowed", "forbidden");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("DEBUG: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.Secret, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(alice.AccessKeyId, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_where_nothing_listens_fails_with_exit_1_and_does_not_hang()
    {
        env.WithSourceKeys().With("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9");

        var result = await Tool.RunAsync(env, null, TimeSpan.FromSeconds(30), "ec2-worker");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("could not reach http://127.0.0.1:9/", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: check the STS endpoint", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Seven set-up calls with moto's auth still off: user alice with a key and a policy allowing
    /// sts:AssumeRole; role 'allowed' trusting alice (and allowed to assume further); role
    /// 'forbidden' trusting only bob.
    /// </summary>
    private async Task<(string AccessKeyId, string Secret)> SetUpAliceAsync(MotoServer moto)
    {
        using var admin = new TestEnvironment();
        admin.WithSourceKeys().With("AWS_ENDPOINT_URL", moto.Endpoint).With("AWS_DEFAULT_REGION", "us-east-1");

        await AwsCli.MustRunAsync(admin, "iam", "create-user", "--user-name", "alice");
        var key = JsonDocument.Parse(await AwsCli.MustRunAsync(admin, "iam", "create-access-key", "--user-name", "alice")).RootElement.GetProperty("AccessKey");
        await AwsCli.MustRunAsync(admin, "iam", "put-user-policy", "--user-name", "alice", "--policy-name", "assume", "--policy-document", IamPolicies.AllowAssumeRole);
        await AwsCli.MustRunAsync(admin, "iam", "create-role", "--role-name", "allowed", "--assume-role-policy-document", IamPolicies.Trust($"arn:aws:iam::{Account}:user/alice"));
        await AwsCli.MustRunAsync(admin, "iam", "put-role-policy", "--role-name", "allowed", "--policy-name", "assume", "--policy-document", IamPolicies.AllowAssumeRole);
        await AwsCli.MustRunAsync(admin, "iam", "create-role", "--role-name", "forbidden", "--assume-role-policy-document", IamPolicies.Trust($"arn:aws:iam::{Account}:user/bob"));
        await AwsCli.MustRunAsync(admin, "iam", "create-user", "--user-name", "bob");
        return (key.GetProperty("AccessKeyId").GetString()!, key.GetProperty("SecretAccessKey").GetString()!);
    }
}
