using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// Profiles in throw-away config and credentials files become the first hops of the chain, every
/// key the AWS CLI honours shaping its hop; checked on what moto received (through a recording
/// proxy). Bad profiles are bad input: exit 2, nothing called.
/// </summary>
[Collection("moto")]
public sealed class ProfileSpecs(MotoFixture moto) : RecordedMotoSpecs(moto)
{
    [Fact]
    public async Task Every_profile_key_shapes_its_own_hop_and_the_command_line_roles_follow()
    {
        Env.WithCredentialsFile($"""
            [base]
            {TestEnvironment.ProfileKeys}
            """).WithConfig($"""
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = base
            role_session_name = alice-a
            duration_seconds = 1800
            external_id = ext-a-123
            source_identity = alice

            [profile b]
            role_arn = arn:aws:iam::222222222222:role/team/b
            source_profile = a
            region = eu-west-1
            endpoint_url = {Moto.Endpoint}
            """);

        var result = await Tool.RunAsync(Env, "--profile", "b", "arn:aws:iam::333333333333:role/c", "d");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            "INFO: Switched to role arn:aws:iam::111111111111:role/a\n" +
            "INFO: Switched to role arn:aws:iam::222222222222:role/team/b\n" +
            "INFO: Switched to role arn:aws:iam::333333333333:role/c\n" +
            "INFO: Switched to role arn:aws:iam::333333333333:role/d\n",
            result.Stderr);
        var calls = (await AssumeRolesAsync());
        Assert.Equal(
            ["arn:aws:iam::111111111111:role/a", "arn:aws:iam::222222222222:role/team/b", "arn:aws:iam::333333333333:role/c", "arn:aws:iam::333333333333:role/d"],
            calls.Select(c => c["RoleArn"]));
        Assert.Equal(["alice-a", "moto", "moto", "moto"], calls.Select(c => c["RoleSessionName"]));
        Assert.Equal(["1800", "3600", "3600", "3600"], calls.Select(c => c["DurationSeconds"]));
        Assert.Equal(["ext-a-123", null, null, null], calls.Select(c => c["ExternalId"]));
        Assert.Equal(["alice", "alice", "alice", "alice"], calls.Select(c => c["SourceIdentity"]));
        Assert.Equal("eu-west-1", result.EnvLines()["AWS_REGION"]);
    }

    [Fact]
    public async Task Command_line_options_win_over_profile_keys_except_external_id()
    {
        Env.WithConfig($"""
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = a
            {TestEnvironment.ProfileKeys}
            role_session_name = from-profile
            duration_seconds = 1800
            external_id = ext-of-a
            source_identity = from-profile
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "--profile", "a", "--session-name", "cli", "--duration", "45m", "--external-id", "ext-cli", "--source-identity", "cli-id", "c");

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = (await AssumeRolesAsync());
        Assert.Equal(["cli", "cli"], calls.Select(c => c["RoleSessionName"]));
        Assert.Equal(["2700", "2700"], calls.Select(c => c["DurationSeconds"]));
        Assert.Equal(["ext-of-a", "ext-cli"], calls.Select(c => c["ExternalId"]));
        Assert.Equal(["cli-id", "cli-id"], calls.Select(c => c["SourceIdentity"]));
    }

    [Fact]
    public async Task A_profiles_long_duration_is_clamped_on_chained_hops_with_a_warning_naming_the_profile()
    {
        Env.WithCredentialsFile($"""
            [base]
            {TestEnvironment.ProfileKeys}
            """).WithConfig("""
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = base
            [profile b]
            role_arn = arn:aws:iam::111111111111:role/b
            source_profile = a
            duration_seconds = 7200
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "--profile", "b");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["3600", "3600"], (await AssumeRolesAsync()).Select(c => c["DurationSeconds"]));
        Assert.Contains("WARNING: duration_seconds of profile 'b' 2h shortened to 1h from hop 2 on", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_profile_from_AWS_PROFILE_runs_a_command_as_its_role_without_the_profile()
    {
        Env.WithConfig($"""
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = a
            {TestEnvironment.ProfileKeys}
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint).With("AWS_PROFILE", "a");

        var result = await Tool.RunAsync(Env, "-q", "--", "sh", "-c", "echo \"$AWS_ASSUME_ROLE_CHAIN ${AWS_PROFILE:-no profile}\"");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("arn:aws:iam::111111111111:role/a no profile\n", result.Stdout);
    }

    [Fact]
    public async Task The_credentials_file_wins_over_the_config_file_for_the_same_key()
    {
        Env.WithConfig("""
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/from-config
            source_profile = a
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            """).WithCredentialsFile("""
            [a]
            role_arn = arn:aws:iam::111111111111:role/from-credentials
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "--profile", "a");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("arn:aws:iam::111111111111:role/from-credentials", Assert.Single((await AssumeRolesAsync()))["RoleArn"]);
    }

    [Theory]
    [InlineData("AWS_PROFILE")]
    [InlineData("default")]
    public async Task Keys_in_the_environment_win_over_a_role_profile_named_by_AWS_PROFILE_or_default(string how)
    {
        var name = how == "default" ? "default" : "chosen";
        Env.WithConfig($"""
            [{(name == "default" ? "default" : "profile chosen")}]
            role_arn = arn:aws:iam::111111111111:role/a
            credential_source = Environment
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);
        if (how == "AWS_PROFILE")
        {
            Env.With("AWS_PROFILE", name);
        }

        // credential_source = Environment: the keys come from the environment variables, but only
        // through the profile (keys in the environment alone win over AWS_PROFILE, as in the SDKs).
        var withoutKeys = await Tool.RunAsync(Env, "whoami");
        Env.WithSourceKeys();
        var withKeys = await Tool.RunAsync(Env, "whoami");

        Assert.True(withoutKeys.ExitCode == 1, withoutKeys.ToString());
        Assert.Contains($"no source credentials in environment variables (credential_source Environment of profile '{name}')", withoutKeys.Stderr, StringComparison.Ordinal);
        Assert.True(withKeys.ExitCode == 0, withKeys.ToString());
        Assert.Empty((await AssumeRolesAsync()));
    }

    [Fact]
    public async Task Without_keys_in_the_environment_AWS_PROFILE_role_profile_assumes_its_role()
    {
        Env.WithCredentialsFile($"""
            [base]
            {TestEnvironment.ProfileKeys}
            """).WithConfig("""
            [profile chosen]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = base
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint).With("AWS_PROFILE", "chosen");

        var result = await Tool.RunAsync(Env, "whoami");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"Arn\": \"arn:aws:sts::111111111111:assumed-role/a/moto\"", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credential_source_Environment_takes_the_keys_from_the_environment()
    {
        Env.WithSourceKeys().WithConfig("""
            [profile envrole]
            role_arn = arn:aws:iam::111111111111:role/from-Env
            credential_source = Environment
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "--debug", "--profile", "envrole");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("DEBUG: source credentials from environment variables (credential_source Environment of profile 'envrole'), key ****MPLE", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("arn:aws:iam::111111111111:role/from-Env", Assert.Single((await AssumeRolesAsync()))["RoleArn"]);
    }

    [Fact]
    public async Task Credential_source_EcsContainer_takes_the_keys_from_the_container_endpoint()
    {
        // moto serves instance-metadata credentials (AccessKeyId test-key); the container endpoint
        // speaks the same document.
        Env.WithConfig("""
            [profile ecs]
            role_arn = arn:aws:iam::111111111111:role/from-ecs
            credential_source = EcsContainer
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint)
            .With("AWS_CONTAINER_CREDENTIALS_FULL_URI", Moto.Endpoint + "/latest/meta-data/iam/security-credentials/default-role");

        var result = await Tool.RunAsync(Env, "--debug", "--profile", "ecs");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("DEBUG: source credentials from the container credentials endpoint (credential_source EcsContainer of profile 'ecs'), key ****-key", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("arn:aws:iam::111111111111:role/from-ecs", Assert.Single((await AssumeRolesAsync()))["RoleArn"]);
    }

    [Fact]
    public async Task Credential_source_Ec2InstanceMetadata_takes_the_keys_from_instance_metadata()
    {
        // moto serves the instance metadata credentials but not iam/info, which the SDK reads first.
        await using var proxy = RecordingProxy.Start(Moto.Endpoint);
        proxy.Answer("/latest/meta-data/iam/info", """{"Code":"Success","LastUpdated":"2026-11-29T00:00:00Z","InstanceProfileArn":"arn:aws:iam::123456789012:instance-profile/default-role","InstanceProfileId":"AIPAEXAMPLE"}""");
        Env.WithConfig("""
            [profile ec2]
            role_arn = arn:aws:iam::111111111111:role/from-ec2
            credential_source = Ec2InstanceMetadata
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint)
            .With("AWS_EC2_METADATA_DISABLED", "false")
            .With("AWS_EC2_METADATA_SERVICE_ENDPOINT", proxy.Endpoint);

        var result = await Tool.RunAsync(Env, "--debug", "--profile", "ec2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("DEBUG: source credentials from EC2 instance metadata (credential_source Ec2InstanceMetadata of profile 'ec2'), key ****-key", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("arn:aws:iam::111111111111:role/from-ec2", Assert.Single((await AssumeRolesAsync()))["RoleArn"]);
    }

    [Fact]
    public async Task A_web_identity_profile_is_a_source_for_a_role_profile()
    {
        var token = Path.Combine(Env.Directory, "token");
        await File.WriteAllTextAsync(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl");
        Env.WithConfig($"""
            [profile web]
            role_arn = arn:aws:iam::111111111111:role/ci
            web_identity_token_file = {token}
            role_session_name = github-run

            [profile deploy]
            role_arn = arn:aws:iam::222222222222:role/deployer
            source_profile = web
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "--profile", "deploy", "whoami");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"Arn\": \"arn:aws:sts::222222222222:assumed-role/deployer/github-run\"", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(
            [("AssumeRoleWithWebIdentity", "arn:aws:iam::111111111111:role/ci"), ("AssumeRole", "arn:aws:iam::222222222222:role/deployer")],
            (await RequestsAsync()).Where(r => r.Action is "AssumeRole" or "AssumeRoleWithWebIdentity").Select(r => (r.Action, r["RoleArn"])));
    }

    [Fact]
    public async Task Web_identity_from_the_environment_starts_a_chain()
    {
        var token = Path.Combine(Env.Directory, "token");
        await File.WriteAllTextAsync(token, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl");
        Env.With("AWS_WEB_IDENTITY_TOKEN_FILE", token).With("AWS_ROLE_ARN", "arn:aws:iam::111111111111:role/ci")
            .With("AWS_ROLE_SESSION_NAME", "github-run").With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "whoami", "deployer");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"Arn\": \"arn:aws:sts::111111111111:assumed-role/deployer/github-run\"", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("regional", null, "sts.eu-west-1.amazonaws.com:443")]
    [InlineData("legacy", null, "sts.amazonaws.com:443")]
    [InlineData("regional", "legacy", "sts.amazonaws.com:443")]
    [InlineData("legacy", "regional", "sts.eu-west-1.amazonaws.com:443")]
    public async Task Sts_regional_endpoints_chooses_between_the_regional_and_the_global_host(string profileSetting, string? variable, string expectedHost)
    {
        // The proxy is the HTTPS proxy: it records which host the tool tried to reach and refuses
        // the tunnel, so nothing leaves the machine.
        await using var proxy = RecordingProxy.Start(Moto.Endpoint);
        Env.WithConfig($"""
            [profile p]
            {TestEnvironment.ProfileKeys}
            region = eu-west-1
            sts_regional_endpoints = {profileSetting}
            """).With("HTTPS_PROXY", proxy.Endpoint);
        if (variable is not null)
        {
            Env.With("AWS_STS_REGIONAL_ENDPOINTS", variable);
        }

        var result = await Tool.RunAsync(Env, null, TimeSpan.FromSeconds(60), "--profile", "p", "arn:aws:iam::111111111111:role/a");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.NotEmpty(proxy.Requests);
        Assert.All(proxy.Requests, r => Assert.Equal(("CONNECT", expectedHost), (r.Method, r.Target)));
    }

    private static string RoleProfileWith(string line) => $"[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Environment\n{line}\n";

    public static TheoryData<string, string, string> BadProfiles => new()
    {
        {
            "a", """
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::111111111111:role/b
            source_profile = a
            """, "source_profile loop: 'a' -> 'b' -> 'a'"
        },
        {
            "a", """
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::111111111111:role/b
            source_profile = c
            [profile c]
            role_arn = arn:aws:iam::111111111111:role/c
            source_profile = b
            """, "source_profile loop: 'a' -> 'b' -> 'c' -> 'b'"
        },
        {
            "a", """
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = a
            """, "source_profile loop: 'a' -> 'a'"
        },
        {
            "a", """
            [profile base]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = base
            credential_source = Environment
            """, "profile 'a' in CONFIG: it has both source_profile and credential_source; keep one"
        },
        {
            "a", """
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            """, "profile 'a' in CONFIG: it has role_arn but neither source_profile nor credential_source"
        },
        {
            "a", """
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = gone
            """, "profile 'gone' (source_profile of profile 'a') not found in CONFIG or CREDENTIALS"
        },
        {
            "nope", "", "profile 'nope' not found in CONFIG or CREDENTIALS"
        },
        {
            "a", """
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            credential_source = environment
            """, "profile 'a' in CONFIG: invalid credential_source 'environment': choose one of Environment, Ec2InstanceMetadata, EcsContainer"
        },
        {
            "a", """
            [profile a]
            role_arn = arn:aws:iam::111111111111:user/a
            credential_source = Environment
            """, "profile 'a' in CONFIG: invalid role ARN 'arn:aws:iam::111111111111:user/a'"
        },
        { "a", RoleProfileWith("duration_seconds = 1h"), "profile 'a' in CONFIG: invalid duration_seconds '1h': give whole seconds, 900 to 43200" },
        { "a", RoleProfileWith("duration_seconds = 43201"), "profile 'a' in CONFIG: invalid duration_seconds '43201': it must be between 900 seconds (15m) and 43200 seconds (12h)" },
        { "a", RoleProfileWith("external_id = x"), "profile 'a' in CONFIG: invalid external_id: it must be 2 to 1224 characters, not 1" },
        { "a", RoleProfileWith("mfa_serial = alice"), "profile 'a' in CONFIG: invalid mfa_serial 'alice': it must be 9 to 256 characters" },
        { "a", RoleProfileWith("role_session_name = bob smith"), "profile 'a' in CONFIG: invalid role_session_name 'bob smith': only letters, digits and + = , . @ _ - are allowed" },
        { "a", RoleProfileWith("source_identity = aws:me"), "profile 'a' in CONFIG: invalid source_identity 'aws:me': the prefix 'aws:' is reserved by AWS" },
        { "a", RoleProfileWith("region = eu west 1"), "profile 'a' in CONFIG: invalid region 'eu west 1': expected a region name such as eu-west-1" },
        { "a", RoleProfileWith("region = eu-west-1 # prod"), "profile 'a' in CONFIG: invalid region 'eu-west-1 # prod': expected a region name such as eu-west-1" },
        { "a", RoleProfileWith("sts_regional_endpoints = global"), "profile 'a' in CONFIG: invalid sts_regional_endpoints 'global': choose legacy or regional" },
        {
            "a", """
            [profile base]
            region = eu-west-1
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = base
            """, "profile 'base' in CONFIG: it has no credentials"
        },
        {
            "a", """
            [profile base]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/a
            source_profile = base
            """, "profile 'base' in CONFIG: it has aws_access_key_id but no aws_secret_access_key"
        },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task A_bad_profile_is_bad_input_with_one_line_naming_it_and_nothing_is_called(string profile, string config, string expected)
    {
        Env.WithSourceKeys().WithConfig(config).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "--profile", profile, "arn:aws:iam::111111111111:role/x");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        var message = expected.Replace("CONFIG", Env.ConfigFile, StringComparison.Ordinal)
            .Replace("CREDENTIALS", Env.Variables["AWS_SHARED_CREDENTIALS_FILE"], StringComparison.Ordinal);
        Assert.StartsWith("aws-assume-role: error: " + message, result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Stderr.TrimEnd('\n').Split('\n').Length <= 2, result.Stderr);
        Assert.Empty((await RequestsAsync()));
    }

    [Theory]
    [InlineData("config", "region = eu west 1", "invalid region 'eu west 1': expected a region name such as eu-west-1")]
    [InlineData("credentials", "region = EU-WEST-1", "invalid region 'EU-WEST-1': expected a region name such as eu-west-1")]
    [InlineData("config", "sts_regional_endpoints = Legacy", "invalid sts_regional_endpoints 'Legacy': choose legacy or regional")]
    [InlineData("credentials", "sts_regional_endpoints = global", "invalid sts_regional_endpoints 'global': choose legacy or regional")]
    public async Task A_bad_region_or_sts_regional_endpoints_in_a_profile_is_exit_2_naming_the_profile_and_its_file(string file, string line, string problem)
    {
        var keys = $"[{(file == "config" ? "profile p" : "p")}]\n{TestEnvironment.ProfileKeys}\n{line}\n";
        Env.WithConfig(file == "config" ? keys : "[profile p]\n").WithCredentialsFile(file == "credentials" ? keys : string.Empty)
            .With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "--profile", "p", "whoami");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        var path = file == "config" ? Env.ConfigFile : Env.Variables["AWS_SHARED_CREDENTIALS_FILE"];
        Assert.Equal($"aws-assume-role: error: profile 'p' in {path}: {problem}\n", result.Stderr);
        Assert.Empty((await RequestsAsync()));
    }

    [Fact]
    public async Task A_missing_AWS_PROFILE_is_bad_input_naming_the_variable_and_the_files()
    {
        Env.With("AWS_PROFILE", "nope").With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "whoami");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            $"aws-assume-role: error: profile 'nope' (from AWS_PROFILE) not found in {Env.ConfigFile} or {Env.Variables["AWS_SHARED_CREDENTIALS_FILE"]}\n",
            result.Stderr);
        Assert.Empty((await RequestsAsync()));
    }

    [Fact]
    public async Task A_malformed_credentials_file_is_bad_input_that_does_not_echo_its_lines()
    {
        const string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        Env.WithCredentialsFile($"""
            [base]
            aws_secret_access_key {secret}
            """).With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "--profile", "base", "whoami");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.DoesNotContain(secret, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(
            $"aws-assume-role: error: cannot read {Env.Variables["AWS_SHARED_CREDENTIALS_FILE"]}: line 2: this line is neither a [section] header, key = value, a comment nor an indented continuation of the key above (the AWS CLI refuses such a file too)\n",
            result.Stderr);
    }
}
