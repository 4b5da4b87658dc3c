using System.Text.Json;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// A profile chain against moto with IAM authorization on: base (alice's keys, credentials file) →
/// role a (profile) → role b (profile, external_id) → a role from the command line. moto checks
/// every signature, trust policy and external ID, so a wrong key, ID or principal fails for real.
/// </summary>
[Trait("Layer", "Integration")]
public sealed class ProfileAuthorizationSpecs(ProfileAuthorizationSpecs.AliceMoto moto) : IClassFixture<ProfileAuthorizationSpecs.AliceMoto>, IDisposable
{
    private const string Account = "123456789012";
    private readonly TestEnvironment env = new();

    public void Dispose() => env.Dispose();

    [Fact]
    public async Task A_profile_chain_then_a_command_line_hop_ends_in_the_last_role_as_alice()
    {
        Configure(externalId: "ext-b-42");

        var result = await Tool.RunAsync(env, "--profile", "b", "c");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            $"INFO: Switched to role arn:aws:iam::{Account}:role/a\n" +
            $"INFO: Switched to role arn:aws:iam::{Account}:role/b\n" +
            $"INFO: Switched to role arn:aws:iam::{Account}:role/c\n",
            result.Stderr);
        using var consumer = new TestEnvironment();
        consumer.With("AWS_ENDPOINT_URL_STS", moto.Server.Endpoint);
        foreach (var (key, value) in result.EnvLines())
        {
            consumer.With(key, value);
        }

        var identity = JsonDocument.Parse(await AwsCli.MustRunAsync(consumer, "sts", "get-caller-identity")).RootElement;
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/c/alice", identity.GetProperty("Arn").GetString());
    }

    [Theory]
    [InlineData("ext-b-WRONG", "c", "hop 2 of 3, arn:aws:iam::123456789012:role/b (profile b): AccessDenied", "hint: check that the trust policy of arn:aws:iam::123456789012:role/b allows arn:aws:sts::123456789012:assumed-role/a/alice")]
    [InlineData("ext-b-42", "trusts-bob", "hop 3 of 3, arn:aws:iam::123456789012:role/trusts-bob: AccessDenied", "hint: check that the trust policy of arn:aws:iam::123456789012:role/trusts-bob allows arn:aws:sts::123456789012:assumed-role/b/alice")]
    public async Task A_wrong_external_id_or_a_trust_policy_not_naming_the_caller_fails_with_exit_1_naming_the_hop(string externalId, string lastRole, string error, string hint)
    {
        Configure(externalId);

        var result = await Tool.RunAsync(env, "--profile", "b", lastRole);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("aws-assume-role: error: " + error, result.Stderr, StringComparison.Ordinal);
        Assert.Contains(hint, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_keys_in_the_credentials_file_win_over_those_in_the_config_file()
    {
        // Configure puts a key moto does not know in the config file's [profile base]: were it
        // used, moto would refuse the signature.
        Configure(externalId: "ext-b-42");

        var result = await Tool.RunAsync(env, "--profile", "a", "whoami");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/a/alice", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("Arn").GetString());
    }

    private void Configure(string externalId)
    {
        env.With("AWS_ENDPOINT_URL_STS", moto.Server.Endpoint)
            .WithCredentialsFile($"""
                [base]
                aws_access_key_id = {moto.AccessKeyId}
                aws_secret_access_key = {moto.Secret}
                """)
            .WithConfig($"""
                [profile base]
                aws_access_key_id = AKIANOTALICESKEY0000
                aws_secret_access_key = NotAlicesSecretAtAll/0123456789abcdefghij

                [profile a]
                role_arn = arn:aws:iam::{Account}:role/a
                source_profile = base

                [profile b]
                role_arn = arn:aws:iam::{Account}:role/b
                source_profile = a
                external_id = {externalId}
                """);
    }

    /// <summary>
    /// moto with authorization on after nine set-up calls: user alice (a key, may assume roles);
    /// role a trusting alice; role b trusting a's session as alice with external ID ext-b-42; role c
    /// trusting b's session as alice; role trusts-bob trusting only bob.
    /// </summary>
    public sealed class AliceMoto : IAsyncLifetime
    {
        public MotoServer Server { get; private set; } = null!;

        public string AccessKeyId { get; private set; } = null!;

        public string Secret { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await MotoServer.StartAsync(authAfter: 9);
            using var admin = new TestEnvironment();
            admin.WithSourceKeys().With("AWS_ENDPOINT_URL", Server.Endpoint).With("AWS_DEFAULT_REGION", "us-east-1");
            async Task Role(string name, string trust, bool mayAssume)
            {
                await AwsCli.MustRunAsync(admin, "iam", "create-role", "--role-name", name, "--assume-role-policy-document", trust);
                if (mayAssume)
                {
                    await AwsCli.MustRunAsync(admin, "iam", "put-role-policy", "--role-name", name, "--policy-name", "assume", "--policy-document", IamPolicies.AllowAssumeRole);
                }
            }

            await AwsCli.MustRunAsync(admin, "iam", "create-user", "--user-name", "alice");
            var key = JsonDocument.Parse(await AwsCli.MustRunAsync(admin, "iam", "create-access-key", "--user-name", "alice")).RootElement.GetProperty("AccessKey");
            await AwsCli.MustRunAsync(admin, "iam", "put-user-policy", "--user-name", "alice", "--policy-name", "assume", "--policy-document", IamPolicies.AllowAssumeRole);
            await Role("a", IamPolicies.Trust($"arn:aws:iam::{Account}:user/alice"), mayAssume: true);
            await Role("b", IamPolicies.Trust($"arn:aws:sts::{Account}:assumed-role/a/alice", "ext-b-42"), mayAssume: true);
            await Role("c", IamPolicies.Trust($"arn:aws:sts::{Account}:assumed-role/b/alice"), mayAssume: false);
            await Role("trusts-bob", IamPolicies.Trust($"arn:aws:iam::{Account}:user/bob"), mayAssume: false);
            AccessKeyId = key.GetProperty("AccessKeyId").GetString()!;
            Secret = key.GetProperty("SecretAccessKey").GetString()!;
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
