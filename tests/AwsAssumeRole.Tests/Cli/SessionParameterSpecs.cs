using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// Source identity, session tags and session policies: what each hop sent, as moto received it
/// (through a recording proxy), and bad values refused before any call.
/// </summary>
[Collection("moto")]
public sealed class SessionParameterSpecs(MotoFixture moto) : RecordedMotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";
    private const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Env.WithSourceKeys().With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);
    }

    [Fact]
    public async Task Source_identity_is_sent_on_every_hop()
    {
        var result = await Tool.RunAsync(Env, "--source-identity", "alice@example.com", "ec2-worker", BackupRole, "backup2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["alice@example.com", "alice@example.com", "alice@example.com"], (await AssumeRolesAsync()).Select(c => c["SourceIdentity"]));
    }

    [Fact]
    public async Task Tags_and_transitive_tag_keys_are_sent_on_the_first_hop_only()
    {
        var result = await Tool.RunAsync(Env, "--tag", "team=blue", "--tag", "cost center=42", "--transitive-tag", "team", "ec2-worker", BackupRole);

        Assert.True(result.ExitCode == 0, result.ToString());
        var (first, second) = ((await AssumeRolesAsync())[0], (await AssumeRolesAsync())[1]);
        Assert.Equal(
            [("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "blue"), ("Tags.member.2.Key", "cost center"), ("Tags.member.2.Value", "42"), ("TransitiveTagKeys.member.1", "team")],
            first.Form.Where(p => p.Key.StartsWith("Tags.", StringComparison.Ordinal) || p.Key.StartsWith("TransitiveTagKeys.", StringComparison.Ordinal))
                .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
        Assert.DoesNotContain(second.Form.Keys, k => k.StartsWith("Tags", StringComparison.Ordinal) || k.StartsWith("TransitiveTagKeys", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("file")]
    [InlineData("file://")]
    public async Task Session_policies_are_sent_on_the_last_hop_only(string how)
    {
        var path = Path.Combine(Env.Directory, "policy.json");
        await File.WriteAllTextAsync(path, Policy + "\n");
        var value = how switch { "json" => Policy, "file" => path, _ => "file://" + path };

        var result = await Tool.RunAsync(Env, "--policy", value, "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess", "--policy-arn", "arn:aws:iam::123456789012:policy/team/extra", "ec2-worker", BackupRole);

        Assert.True(result.ExitCode == 0, result.ToString());
        var (first, last) = ((await AssumeRolesAsync())[0], (await AssumeRolesAsync())[1]);
        Assert.Null(first["Policy"]);
        Assert.Null(first["PolicyArns.member.1.arn"]);
        Assert.Equal(Policy, last["Policy"]);
        Assert.Equal("arn:aws:iam::aws:policy/ReadOnlyAccess", last["PolicyArns.member.1.arn"]);
        Assert.Equal("arn:aws:iam::123456789012:policy/team/extra", last["PolicyArns.member.2.arn"]);
    }

    [Theory]
    [InlineData("invalid --source-identity 'a': it must be 2 to 64 characters, not 1", "--source-identity", "a")]
    [InlineData("invalid --source-identity 'aws:me': the prefix 'aws:' is reserved by AWS", "--source-identity", "aws:me")]
    [InlineData("invalid --source-identity 'alice smith'", "--source-identity", "alice smith")]
    [InlineData("invalid --tag 'team': expected KEY=VALUE", "--tag", "team")]
    [InlineData("invalid --tag 'aws:team=x': the key prefix 'aws:' is reserved by AWS", "--tag", "aws:team=x")]
    [InlineData("invalid --tag 'Team=red': the key 'Team' is given twice (tag keys ignore case)", "--tag", "team=blue", "--tag", "Team=red")]
    [InlineData("invalid --transitive-tag 'owner': it must name the key of a --tag KEY=VALUE given too", "--tag", "team=blue", "--transitive-tag", "owner")]
    [InlineData("invalid --policy: not valid JSON (line 1, byte 12 of that line)", "--policy", "{\"Version\":")]
    [InlineData("invalid --policy: a policy is a JSON object", "--policy", "  [1]", "--policy-arn", "arn:aws:iam::aws:policy/ReadOnlyAccess")]
    [InlineData("invalid --policy '/no/such/policy.json': it is neither JSON", "--policy", "/no/such/policy.json")]
    [InlineData("invalid --policy-arn 'arn:aws:iam::aws:role/x': not a policy", "--policy-arn", "arn:aws:iam::aws:role/x")]
    [InlineData("invalid --mfa-serial 'alice': it must be 9 to 256 characters", "--mfa-serial", "alice")]
    [InlineData("--mfa-code needs an MFA device: give --mfa-serial ARN too, or use a profile with mfa_serial", "--mfa-code", "123456")]
    public async Task A_bad_session_parameter_is_bad_input_and_calls_nothing(string expected, params string[] options)
    {
        var result = await Tool.RunAsync(Env, [.. options, "ec2-worker"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith("aws-assume-role: error: " + expected, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Empty((await RequestsAsync()));
    }

    [Theory]
    [InlineData("--tag", 51, "too many --tag options: STS accepts at most 50 session tags, not 51")]
    [InlineData("--policy-arn", 11, "too many --policy-arn options: STS accepts at most 10, not 11")]
    public async Task One_more_than_STS_accepts_is_bad_input(string option, int count, string expected)
    {
        var options = Enumerable.Range(1, count).SelectMany(i => new[] { option, option == "--tag" ? $"k{i}=v" : $"arn:aws:iam::aws:policy/P{i}" });

        var result = await Tool.RunAsync(Env, [.. options, "ec2-worker"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"aws-assume-role: error: {expected}\n", result.Stderr);
        Assert.Empty((await RequestsAsync()));
    }

    [Fact]
    public async Task A_policy_of_2049_characters_is_bad_input_and_2048_is_sent()
    {
        string PolicyOfLength(int length)
        {
            var head = """{"Version":"2012-10-17","Statement":[],"Pad":""" + "\"";
            return head + new string('x', length - head.Length - 2) + "\"}";
        }

        var tooLong = await Tool.RunAsync(Env, "--policy", PolicyOfLength(2049), "ec2-worker");
        var longest = await Tool.RunAsync(Env, "--policy", PolicyOfLength(2048), "ec2-worker");

        Assert.True(tooLong.ExitCode == 2, tooLong.ToString());
        Assert.Equal("aws-assume-role: error: invalid --policy: STS accepts at most 2048 characters, not 2049\n", tooLong.Stderr);
        Assert.True(longest.ExitCode == 0, longest.ToString());
        Assert.Equal(2048, Assert.Single((await AssumeRolesAsync()))["Policy"]!.Length);
    }

    [Fact]
    public async Task Session_options_without_any_role_to_assume_are_bad_input()
    {
        var result = await Tool.RunAsync(Env, "whoami", "--tag", "team=blue");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("aws-assume-role: error: --tag given, but there is no ROLE to assume (they are sent with AssumeRole)\n", result.Stderr);
        Assert.Empty((await RequestsAsync()));
    }
}
