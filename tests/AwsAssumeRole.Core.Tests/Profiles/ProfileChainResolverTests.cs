using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
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
        Assert.Equal((SourceKind.EnvironmentVariables, 0, "eu-west-2"), (fromEnvironment.Source.Kind, fromEnvironment.Hops.Count, fromEnvironment.Region));
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
    [InlineData("credential_process = /bin/creds --x 'a b'", SourceKind.CredentialProcess)]
    [InlineData("web_identity_token_file = /tmp/token\nrole_arn = arn:aws:iam::111111111111:role/web", SourceKind.WebIdentity)]
    public void Resolve_takes_process_and_web_identity_sources_from_a_source_profile(string keys, SourceKind kind)
    {
        // Arrange
        using var files = new TempProfiles($"[profile src]\n{keys}\n[profile r]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = src\n");

        // Act
        var chain = files.Resolve("r");

        // Assert
        Assert.Equal((kind, "src"), (chain.Source.Kind, chain.Source.ProfileName));
        Assert.Equal(kind == SourceKind.CredentialProcess ? "/bin/creds --x 'a b'" : null, chain.Source.Command);
        Assert.Equal(kind == SourceKind.WebIdentity ? new WebIdentitySource("/tmp/token", "arn:aws:iam::111111111111:role/web", null) : null, chain.Source.WebIdentity);
    }

    [Theory]
    [InlineData(null, SourceKind.InstanceMetadata, "EC2 instance metadata")]
    [InlineData("plain", SourceKind.StaticKeys, "profile 'plain'")]
    [InlineData("proc", SourceKind.CredentialProcess, "profile 'proc'")]
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

    private const string SsoConfig = """
        [profile sso]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = dev
        region = eu-west-1

        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-central-1
        sso_registration_scopes = sso:account:access, openid

        [profile legacy]
        sso_start_url = https://old.awsapps.com/start
        sso_region = us-east-2
        sso_account_id = 222222222222
        sso_role_name = ReadOnly

        [profile r]
        role_arn = arn:aws:iam::333333333333:role/r
        source_profile = sso
        """;

    [Theory]
    [InlineData(null, "sso")]
    [InlineData("sso", null)]
    public void Resolve_takes_an_sso_session_profile_as_the_source(string? option, string? variable)
    {
        // Arrange
        using var files = new TempProfiles(SsoConfig);

        // Act
        var chain = files.Resolve(option, variable is null ? [] : [("AWS_PROFILE", variable)]);

        // Assert
        Assert.Equal(SourceKind.Sso, chain.Source.Kind);
        Assert.Empty(chain.Hops);
        Assert.Equal(new SsoSource(chain.Source.Sso!.Session, "111111111111", "dev", "sso"), chain.Source.Sso);
        Assert.Equal(("https://corp.awsapps.com/start", "eu-central-1", "corp"), (chain.Source.Sso.Session.StartUrl, chain.Source.Sso.Session.Region, chain.Source.Sso.Session.SessionName));
        Assert.Equal(["sso:account:access", "openid"], chain.Source.Sso.Session.Scopes);
        Assert.True(chain.Source.KnownTemporary);
    }

    [Fact]
    public void Resolve_takes_a_legacy_sso_profile_and_an_sso_profile_as_source_profile()
    {
        // Arrange
        using var files = new TempProfiles(SsoConfig);

        // Act
        var legacy = files.Resolve("legacy");
        var role = files.Resolve("r");

        // Assert
        Assert.Equal((SourceKind.Sso, "https://old.awsapps.com/start", null, "us-east-2", "222222222222", "ReadOnly"), (legacy.Source.Kind, legacy.Source.Sso!.Session.StartUrl, legacy.Source.Sso.Session.SessionName, legacy.Source.Sso.Session.Region, legacy.Source.Sso.AccountId, legacy.Source.Sso.RoleName));
        Assert.Empty(legacy.Source.Sso.Session.Scopes);
        Assert.Equal((SourceKind.Sso, "sso", 1), (role.Source.Kind, role.Source.Sso!.ProfileName, role.Hops.Count));
        Assert.Equal("profile 'sso' (source_profile of 'r') (SSO account 111111111111, role dev)", role.Source.Description);
    }

    [Theory]
    [InlineData("[profile p]\nsso_account_id = 111111111111\n", "profile 'p' in CONFIG: it uses SSO (sso_account_id, sso_role_name) but has no sso_role_name, sso_start_url, sso_region")]
    [InlineData("[profile p]\nsso_role_name = dev\nsso_session = corp\n[sso-session corp]\nsso_region = eu-west-1\n", "profile 'p' in CONFIG: it uses SSO (sso_account_id, sso_role_name) but has no sso_account_id, sso_start_url (in the profile or in [sso-session corp])")]
    [InlineData("[profile p]\nsso_role_name = dev\nsso_account_id = 111111111111\nsso_session = nope\n", "profile 'p' in CONFIG: sso_session = nope names no [sso-session nope] section in CONFIG")]
    [InlineData("[profile p]\nsso_role_name = dev\nsso_account_id = 111111111111\nsso_session = corp\nsso_region = us-east-1\n[sso-session corp]\nsso_region = eu-west-1\nsso_start_url = https://x\n", "profile 'p' in CONFIG: sso_region is 'us-east-1' in the profile but 'eu-west-1' in [sso-session corp]: keep one")]
    [InlineData("[profile p]\nsso_role_name = dev\nsso_account_id = 1111\nsso_start_url = https://x\nsso_region = eu-west-1\n", "profile 'p' in CONFIG: invalid sso_account_id '1111': expected 12 digits")]
    [InlineData("[profile p]\nsso_role_name = dev\nsso_account_id = 111111111111\nsso_start_url = https://x\nsso_region = Europe\n", "profile 'p' in CONFIG: invalid region 'Europe' from sso_region")]
    [InlineData("[profile p]\nsso_role_name = dev\nsso_account_id = 111111111111\nsso_start_url = https://x\nsso_region = eu-west-1\nservices = nope\n", "profile 'p' in CONFIG: services = nope names no [services nope] section in CONFIG")]
    public void Resolve_refuses_SSO_profiles_as_the_AWS_CLI_does(string config, string expected)
    {
        // Arrange
        using var files = new TempProfiles(config);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => files.Resolve("p"));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith(expected.Replace("CONFIG", files.Files.ConfigPath, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_says_when_a_profile_signs_in_with_SSO_but_names_no_account_and_role()
    {
        // Arrange
        using var files = new TempProfiles("[profile login-only]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://x\nsso_region = eu-west-1\n[profile r]\nrole_arn = arn:aws:iam::333333333333:role/r\nsource_profile = login-only\n");

        // Act
        var alone = files.Resolve("login-only", ("AWS_EC2_METADATA_DISABLED", "true"));
        var error = Assert.Throws<AssumeRoleException>(() => files.Resolve("r"));

        // Assert
        Assert.Equal(SourceKind.None, alone.Source.Kind);
        Assert.Contains("(no credentials in it: an SSO sign-in but no sso_account_id and sso_role_name)", alone.Source.NotFound, StringComparison.Ordinal);
        Assert.Equal($"profile 'login-only' in {files.Files.ConfigPath}: it has no credentials: it names an SSO sign-in but no sso_account_id and sso_role_name to take a role's credentials from", error.Message);
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
        Assert.Equal((SourceKind.EnvironmentVariables, 0), (chain.Source.Kind, chain.Hops.Count));
    }

    [Theory]
    [InlineData(null, "foo", "bar", "foo")]
    [InlineData(null, null, "bar", "bar")]
    [InlineData("opt", "foo", "bar", "opt")]
    [InlineData(null, null, null, "default")]
    public void Resolve_selects_the_option_then_AWS_DEFAULT_PROFILE_then_AWS_PROFILE_then_default(string? option, string? defaultProfile, string? profile, string expected)
    {
        // Arrange
        using var files = new TempProfiles("[default]\nregion = r-default\n[profile opt]\nregion = r-opt\n[profile foo]\nregion = r-foo\n[profile bar]\nregion = r-bar\n");
        var variables = new List<(string, string)>();
        if (defaultProfile is not null)
        {
            variables.Add(("AWS_DEFAULT_PROFILE", defaultProfile));
        }

        if (profile is not null)
        {
            variables.Add(("AWS_PROFILE", profile));
        }

        // Act
        var chain = files.Resolve(option, [.. variables]);

        // Assert
        Assert.Equal("r-" + expected, chain.Region);
        Assert.Equal(expected, chain.Profile?.Name);
    }

    [Fact]
    public void Resolve_names_AWS_DEFAULT_PROFILE_when_the_profile_it_names_is_missing()
    {
        // Arrange
        using var files = new TempProfiles("[profile bar]\nregion = r\n");

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => files.Resolve(null, ("AWS_DEFAULT_PROFILE", "nope"), ("AWS_PROFILE", "bar")));

        // Assert
        Assert.Equal($"profile 'nope' (from AWS_DEFAULT_PROFILE) not found in {files.Files.Describe()}", error.Message);
    }

    /// <summary>
    /// A profile without a role: where its credentials come from, in the order of botocore's
    /// providers (web identity, SSO, credentials file, credential_process, config file).
    /// </summary>
    public static TheoryData<string, string, string, string> Leaves => new()
    {
        { "credentials-file keys before credential_process", "[profile p]\ncredential_process = /bin/creds\n", "[p]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n", "StaticKeys AKIACREDS" },
        { "credential_process before config-file keys", "[profile p]\ncredential_process = /bin/creds\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s\n", string.Empty, "CredentialProcess /bin/creds" },
        { "config-file keys", "[profile p]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s\n", string.Empty, "StaticKeys AKIACONFIG" },
        { "web identity before keys", "[profile p]\nweb_identity_token_file = /t\nrole_arn = arn:aws:iam::111111111111:role/w\n", "[p]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\n", "WebIdentity /t" },
        { "aws_security_token before aws_session_token", "[profile p]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = s\naws_session_token = new\naws_security_token = old\n", string.Empty, "StaticKeys AKIACONFIG old" },
        { "a profile only in the credentials file", string.Empty, "[p]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s\naws_session_token = t\n", "StaticKeys AKIACREDS t" },
    };

    [Theory]
    [MemberData(nameof(Leaves))]
    public void Resolve_takes_a_profiles_own_credentials_in_the_AWS_CLIs_order(string name, string config, string credentials, string expected)
    {
        // Arrange
        using var files = new TempProfiles(config, credentials);

        // Act
        var source = files.Resolve("p").Source;

        // Assert
        var actual = $"{source.Kind} {source.Keys?.AccessKeyId ?? source.Command ?? source.WebIdentity?.TokenFile} {source.Keys?.SessionToken}".TrimEnd();
        Assert.True(expected == actual, $"{name}: {actual}");
    }

    [Theory]
    [InlineData("[profile p]\naws_access_key_id = AKIACONFIG\n", "[p]\naws_secret_access_key = s\n", "profile 'p' in CONFIG: it has aws_access_key_id but no aws_secret_access_key")]
    [InlineData("", "[p]\naws_access_key_id = AKIACREDS\n", "profile 'p' in CREDENTIALS: it has aws_access_key_id but no aws_secret_access_key")]
    [InlineData("[profile p]\nlogin_session = arn:aws:iam::111111111111:user/me\n", "", "profile 'p' in CONFIG: it signs in with aws login (login_session), which aws-assume-role does not support")]
    [InlineData("[profile p]\nweb_identity_token_file = /t\n", "", "profile 'p' in CONFIG: web identity needs a role: set AWS_ROLE_ARN or role_arn next to web_identity_token_file")]
    [InlineData("[profile p]\nweb_identity_token_file = /t\nrole_arn = arn:aws:iam::111111111111:role/w\nrole_session_name = a b\n", "", "profile 'p' in CONFIG: invalid role_session_name 'a b'")]
    public void Resolve_refuses_half_configured_sources_naming_the_profile_and_file(string config, string credentials, string expected)
    {
        // Arrange
        using var files = new TempProfiles(config, credentials);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => files.Resolve("p"));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith(expected.Replace("CONFIG", files.Files.ConfigPath, StringComparison.Ordinal).Replace("CREDENTIALS", files.Files.CredentialsPath, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "WebIdentity arn:aws:iam::111111111111:role/from-env env-session", "web identity of environment variables (AWS_WEB_IDENTITY_TOKEN_FILE)")]
    [InlineData("p", "WebIdentity arn:aws:iam::111111111111:role/from-profile", "web identity of profile 'p'")]
    public void Resolve_reads_web_identity_from_the_environment_unless_a_profile_is_given(string? option, string expected, string description)
    {
        // Arrange
        using var files = new TempProfiles("[profile p]\nweb_identity_token_file = /from-profile\nrole_arn = arn:aws:iam::111111111111:role/from-profile\n");

        // Act
        var source = files.Resolve(
            option,
            ("AWS_PROFILE", "p"),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/from-env"),
            ("AWS_ROLE_ARN", "arn:aws:iam::111111111111:role/from-env"),
            ("AWS_ROLE_SESSION_NAME", "env-session")).Source;

        // Assert
        Assert.Equal(expected, $"{source.Kind} {source.WebIdentity?.RoleArn} {source.WebIdentity?.SessionName}".TrimEnd());
        Assert.Equal(option is null ? "/from-env" : "/from-profile", source.WebIdentity?.TokenFile);
        Assert.Equal(description, source.Description);
    }

    [Fact]
    public void Resolve_falls_back_to_the_container_endpoint_when_it_is_configured()
    {
        // Arrange
        using var files = new TempProfiles("[profile p]\nregion = eu-west-1\n");

        // Act
        var source = files.Resolve("p", ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds"), ("AWS_EC2_METADATA_DISABLED", "true")).Source;

        // Assert
        Assert.Equal(SourceKind.ContainerCredentials, source.Kind);
    }

    [Theory]
    [InlineData(null, "TRUE", "None", "environment variables (no AWS_ACCESS_KEY_ID), profile 'default' (not in @CONFIG or @CREDS), the container credentials endpoint (no AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI), EC2 instance metadata (off: AWS_EC2_METADATA_DISABLED=true)")]
    [InlineData("p", "true", "None", "profile 'p' in @CONFIG (no credentials in it), the container credentials endpoint (no AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI), EC2 instance metadata (off: AWS_EC2_METADATA_DISABLED=true)")]
    [InlineData(null, null, "InstanceMetadata", "environment variables (no AWS_ACCESS_KEY_ID), profile 'default' (not in @CONFIG or @CREDS), the container credentials endpoint (no AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI)")]
    public void Resolve_without_credentials_anywhere_says_where_it_looked(string? option, string? metadataDisabled, string kind, string looked)
    {
        // Arrange
        using var files = new TempProfiles("[profile p]\nregion = eu-west-1\n");

        // Act
        var source = files.Resolve(option, metadataDisabled is null ? [] : [("AWS_EC2_METADATA_DISABLED", metadataDisabled)]).Source;

        // Assert
        Assert.Equal(kind, source.Kind.ToString());
        Assert.Equal(looked.Replace("@CONFIG", files.Files.ConfigPath, StringComparison.Ordinal).Replace("@CREDS", files.Files.CredentialsPath, StringComparison.Ordinal), source.NotFound);
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
