using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Tests.Profiles;

public sealed class ProfileChainResolverTests
{
    private const string Keys = "aws_access_key_id = AKIABASEEXAMPLE0001\naws_secret_access_key = base-secret/wJalrXUtnFEMI+K7MDENG\n";

    private const string Chain = $"""
        [profile base]
        {Keys}
        [profile a]
        role_arn = arn:aws:iam::111111111111:role/a
        source_profile = base
        external_id = ext-a
        mfa_serial = arn:aws:iam::111111111111:mfa/alice
        role_session_name = alice
        duration_seconds = 900
        source_identity = alice-id
        region = eu-west-1

        [profile b]
        role_arn = arn:aws:iam::222222222222:role/team/b
        source_profile = a
        region = eu-west-2
        endpoint_url = http://127.0.0.1:5000
        sts_regional_endpoints = legacy
        """;

    [Fact]
    public void Resolve_follows_source_profile_to_the_keys_and_lists_the_hops_innermost_first()
    {
        // Arrange
        using var files = new TempProfiles(Chain);

        // Act
        var chain = files.Resolve("b");

        // Assert
        Assert.Equal(SourceKind.StaticKeys, chain.Source.Kind);
        Assert.Equal("AKIABASEEXAMPLE0001", chain.Source.Keys?.AccessKeyId);
        Assert.Equal("profile 'base' (source_profile of 'a')", chain.Source.Description);
        Assert.Equal(
            [
                new Hop(RoleReference.Parse("arn:aws:iam::111111111111:role/a"), new HopParameters
                {
                    Profile = "a",
                    ExternalId = "ext-a",
                    MfaSerial = "arn:aws:iam::111111111111:mfa/alice",
                    SessionName = "alice",
                    DurationSeconds = 900,
                    DurationOrigin = "duration_seconds of profile 'a'",
                    SourceIdentity = "alice-id",
                }),
                new Hop(RoleReference.Parse("arn:aws:iam::222222222222:role/team/b"), new HopParameters { Profile = "b" }),
            ],
            chain.Hops);
    }

    [Fact]
    public void Resolve_takes_region_endpoint_and_regional_setting_from_the_selected_profile_only()
    {
        // Arrange
        using var files = new TempProfiles(Chain);

        // Act
        var b = files.Resolve("b");
        var a = files.Resolve("a");

        // Assert
        Assert.Equal(("eu-west-2", "http://127.0.0.1:5000", "legacy"), (b.Region, b.EndpointUrl, b.StsRegionalEndpoints));
        Assert.Equal(("eu-west-1", (string?)null, (string?)null), (a.Region, a.EndpointUrl, a.StsRegionalEndpoints));
    }

    [Theory]
    [InlineData(null, "b", 2)]
    [InlineData("a", "b", 1)]
    public void Resolve_uses_the_option_then_AWS_PROFILE(string? option, string variable, int expectedHops)
    {
        // Arrange
        using var files = new TempProfiles(Chain);

        // Act
        var chain = files.Resolve(option, ("AWS_PROFILE", variable));

        // Assert
        Assert.Equal(expectedHops, chain.Hops.Count);
    }

    [Fact]
    public void Resolve_lets_keys_in_the_environment_win_over_AWS_PROFILE_but_not_over_the_option()
    {
        // Arrange
        using var files = new TempProfiles(Chain);
        var variables = new[] { ("AWS_PROFILE", "b"), ("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "env-secret") };

        // Act
        var fromEnvironment = files.Resolve(null, variables);
        var fromOption = files.Resolve("b", variables);

        // Assert
        Assert.Equal((SourceKind.DefaultChain, 0, "eu-west-2"), (fromEnvironment.Source.Kind, fromEnvironment.Hops.Count, fromEnvironment.Region));
        Assert.Equal((SourceKind.StaticKeys, 2), (fromOption.Source.Kind, fromOption.Hops.Count));
    }

    [Fact]
    public void Resolve_in_a_source_profile_prefers_keys_to_role_arn_but_in_the_selected_one_role_arn_to_keys()
    {
        // Arrange
        using var files = new TempProfiles($"""
            [profile both]
            {Keys}
            role_arn = arn:aws:iam::111111111111:role/ignored-as-source
            source_profile = nowhere
            [profile top]
            role_arn = arn:aws:iam::111111111111:role/top
            source_profile = both
            """);

        // Act
        var top = files.Resolve("top");
        var both = Assert.Throws<AssumeRoleException>(() => files.Resolve("both"));

        // Assert
        Assert.Equal(["top"], top.Hops.Select(h => h.Parameters.Profile));
        Assert.Equal(SourceKind.StaticKeys, top.Source.Kind);
        Assert.StartsWith("profile 'nowhere' (source_profile of profile 'both') not found", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_lets_a_profile_with_keys_name_itself_as_source_profile()
    {
        // Arrange
        using var files = new TempProfiles($"""
            [profile self]
            {Keys}
            aws_session_token = session-token/EXAMPLE
            role_arn = arn:aws:iam::111111111111:role/self
            source_profile = self
            """);

        // Act
        var chain = files.Resolve("self");

        // Assert
        Assert.Equal(["self"], chain.Hops.Select(h => h.Parameters.Profile));
        Assert.Equal("profile 'self' (its own keys)", chain.Source.Description);
        Assert.True(chain.Source.Keys?.IsTemporary);
    }

    [Theory]
    [InlineData("Environment", SourceKind.EnvironmentVariables, "environment variables (credential_source Environment of profile 'r')")]
    [InlineData("Ec2InstanceMetadata", SourceKind.InstanceMetadata, "EC2 instance metadata (credential_source Ec2InstanceMetadata of profile 'r')")]
    [InlineData("EcsContainer", SourceKind.ContainerCredentials, "the container credentials endpoint (credential_source EcsContainer of profile 'r')")]
    public void Resolve_maps_credential_source_to_where_the_keys_come_from(string value, SourceKind kind, string description)
    {
        // Arrange
        using var files = new TempProfiles($"[profile r]\nrole_arn = arn:aws:iam::111111111111:role/r\ncredential_source = {value}\n");

        // Act
        var chain = files.Resolve("r");

        // Assert
        Assert.Equal((kind, description), (chain.Source.Kind, chain.Source.Description));
        Assert.Single(chain.Hops);
    }

    [Theory]
    [InlineData("credential_process = /bin/creds")]
    [InlineData("web_identity_token_file = /tmp/token\nrole_arn = arn:aws:iam::111111111111:role/web")]
    public void Resolve_leaves_process_and_web_identity_sources_to_the_SDK(string keys)
    {
        // Arrange
        using var files = new TempProfiles($"[profile src]\n{keys}\n[profile r]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = src\n");

        // Act
        var chain = files.Resolve("r");

        // Assert
        Assert.Equal((SourceKind.SdkProfile, "src"), (chain.Source.Kind, chain.Source.ProfileName));
    }

    [Theory]
    [InlineData(null, SourceKind.DefaultChain, "the default credential chain")]
    [InlineData("plain", SourceKind.StaticKeys, "profile 'plain'")]
    [InlineData("proc", SourceKind.SdkProfile, "profile 'proc'")]
    public void Resolve_without_a_role_gives_no_hops(string? profile, SourceKind kind, string description)
    {
        // Arrange
        using var files = new TempProfiles($"[profile plain]\n{Keys}\n[profile proc]\ncredential_process = /bin/creds\n");

        // Act
        var chain = files.Resolve(profile);

        // Assert
        Assert.Empty(chain.Hops);
        Assert.Equal((kind, description), (chain.Source.Kind, chain.Source.Description));
    }

    public static TheoryData<string, string, string> Bad => new()
    {
        { "a", "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::111111111111:role/b\nsource_profile = a\n", "profile 'a' in CONFIG: invalid role ARN 'arn:aws:iam::1:role/a': the account must be 12 digits" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::111111111111:role/b\nsource_profile = a\n", "source_profile loop: 'a' -> 'b' -> 'a'" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = a\n", "source_profile loop: 'a' -> 'a'" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = b\ncredential_source = Environment\n", "profile 'a' in CONFIG: it has both source_profile and credential_source; keep one" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\n", "profile 'a' in CONFIG: it has role_arn but neither source_profile nor credential_source to say whose credentials assume the role" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Ec2InstanceMetaData\n", "profile 'a' in CONFIG: invalid credential_source 'Ec2InstanceMetaData': choose one of Environment, Ec2InstanceMetadata, EcsContainer" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = gone\n", "profile 'gone' (source_profile of profile 'a') not found in CONFIG or CREDENTIALS" },
        { "nope", "", "profile 'nope' not found in CONFIG or CREDENTIALS" },
        { "a", "[profile s]\nregion = eu-west-1\n[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = s\n", "profile 's' in CONFIG: it has no credentials" },
        { "a", "[profile s]\naws_secret_access_key = x\n[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = s\n", "profile 's' in CONFIG: it has aws_secret_access_key but no aws_access_key_id" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Environment\nduration_seconds = 899\n", "profile 'a' in CONFIG: invalid duration_seconds '899': it must be between 900 seconds (15m) and 43200 seconds (12h)" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Environment\nduration_seconds = 43201\n", "profile 'a' in CONFIG: invalid duration_seconds '43201': it must be between 900 seconds (15m) and 43200 seconds (12h)" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Environment\nduration_seconds = 1h\n", "profile 'a' in CONFIG: invalid duration_seconds '1h': give whole seconds, 900 to 43200" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Environment\nduration_seconds = 99999999999\n", "profile 'a' in CONFIG: invalid duration_seconds '99999999999': give whole seconds, 900 to 43200" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Environment\nexternal_id = a b\n", "profile 'a' in CONFIG: invalid external_id 'a b': only letters, digits and + = , . @ : / _ - are allowed" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Environment\nmfa_serial = short\n", "profile 'a' in CONFIG: invalid mfa_serial 'short': it must be 9 to 256 characters" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Environment\nrole_session_name = x\n", "profile 'a' in CONFIG: invalid role_session_name 'x': it must be 2 to 64 characters, not 1" },
        { "a", "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\ncredential_source = Environment\nsource_identity = x\n", "profile 'a' in CONFIG: invalid source_identity 'x': it must be 2 to 64 characters, not 1" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Resolve_refuses_bad_profiles_as_bad_input_naming_the_profile_and_the_rule(string profile, string config, string expected)
    {
        // Arrange
        using var files = new TempProfiles(config);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => files.Resolve(profile));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        var message = expected.Replace("CONFIG", files.Files.ConfigPath, StringComparison.Ordinal).Replace("CREDENTIALS", files.Files.CredentialsPath, StringComparison.Ordinal);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "sso")]
    [InlineData("sso", null)]
    [InlineData("r", null)]
    public void Resolve_refuses_SSO_profiles_it_would_use_with_a_way_out(string? option, string? variable)
    {
        // Arrange
        using var files = new TempProfiles("[profile sso]\nsso_session = corp\nsso_account_id = 111111111111\nsso_role_name = dev\n[profile r]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = sso\n");

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => files.Resolve(option, variable is null ? [] : [("AWS_PROFILE", variable)]));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal($"profile 'sso' in {files.Files.ConfigPath}: it signs in with SSO (sso_*), which aws-assume-role does not support", error.Message);
        Assert.Equal("use another profile with credential_process = aws configure export-credentials --profile sso --format process (AWS CLI v2)", error.Hint);
    }

    [Fact]
    public void Resolve_names_AWS_PROFILE_when_the_profile_it_names_is_missing()
    {
        // Arrange
        using var files = new TempProfiles(string.Empty);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => files.Resolve(null, ("AWS_PROFILE", "nope")));

        // Assert
        Assert.Equal($"profile 'nope' (from AWS_PROFILE) not found in {files.Files.Describe()}", error.Message);
    }

    [Fact]
    public void Resolve_lets_keys_in_the_environment_pass_a_missing_AWS_PROFILE()
    {
        // Arrange
        using var files = new TempProfiles(string.Empty);

        // Act
        var chain = files.Resolve(null, ("AWS_PROFILE", "stale"), ("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "env-secret"));

        // Assert
        Assert.Equal((SourceKind.DefaultChain, 0), (chain.Source.Kind, chain.Hops.Count));
    }

    [Fact]
    public void Resolve_never_puts_a_secret_from_the_files_in_a_message()
    {
        // Arrange
        using var files = new TempProfiles("[profile s]\naws_secret_access_key = base-secret/wJalrXUtnFEMI+K7MDENG\n[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = s\n");

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => files.Resolve("a"));

        // Assert
        Assert.DoesNotContain("wJalrXUtnFEMI", error.Message, StringComparison.Ordinal);
    }
}
