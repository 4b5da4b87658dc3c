using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Tests.Profiles;

public sealed class ProfileStoreTests
{
    [Fact]
    public void Find_reads_profile_sections_of_the_config_file_and_plain_sections_of_the_credentials_file()
    {
        // Arrange
        using var files = new TempProfiles(
            "[profile dev]\nregion = eu-west-1\nduration_seconds = 1800\n\n[default]\nregion = us-east-2\n\n[plain]\nregion = nowhere-1\n",
            "[dev]\naws_access_key_id = AKIAEXAMPLE\n");

        // Act
        var store = files.Store();
        var dev = store.Find("dev");
        var fallback = store.Find("default");

        // Assert
        Assert.NotNull(dev);
        Assert.Equal("eu-west-1", dev.Get("region"));
        Assert.Equal("1800", dev.Get("duration_seconds"));
        Assert.Equal("AKIAEXAMPLE", dev.Get("aws_access_key_id"));
        Assert.Equal($"{files.Files.ConfigPath} and {files.Files.CredentialsPath}", dev.Where);
        Assert.Equal("us-east-2", fallback?.Get("region"));
        Assert.Null(store.Find("plain"));
        Assert.Null(store.Find("nope"));
    }

    [Fact]
    public void Find_lets_the_credentials_file_win_and_ignores_the_case_of_keys()
    {
        // Arrange
        using var files = new TempProfiles("[profile a]\nrole_arn = from-config\nREGION = eu-west-1\n", "[a]\nRole_Arn = from-credentials\n");

        // Act
        var a = files.Store().Find("a")!;

        // Assert
        Assert.Equal("from-credentials", a.Get("role_arn"));
        Assert.Equal("eu-west-1", a.Get("region"));
    }

    [Fact]
    public void Find_reads_the_default_profile_written_as_profile_default_too()
    {
        // Arrange
        using var files = new TempProfiles("[profile default]\nregion = eu-west-2\n");

        // Act
        var profile = files.Store().Find("default");

        // Assert
        Assert.Equal("eu-west-2", profile?.Get("region"));
    }

    [Fact]
    public void Missing_files_hold_no_profiles()
    {
        // Arrange
        using var files = new TempProfiles(string.Empty);
        File.Delete(files.Files.ConfigPath);
        File.Delete(files.Files.CredentialsPath);

        // Act
        var profile = files.Store().Find("default");

        // Assert
        Assert.Null(profile);
    }

    [Fact]
    public void A_malformed_file_is_bad_input_naming_the_line_and_never_quoting_it()
    {
        // Arrange
        using var files = new TempProfiles(string.Empty, "[base]\naws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");

        // Act
        var error = Assert.Throws<AssumeRoleException>(files.Store);

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal(
            $"cannot read {files.Files.CredentialsPath}: line 2: this line is neither a [section] header, key = value, a comment nor an indented continuation of the key above (the AWS CLI refuses such a file too)",
            error.Message);
    }

    /// <summary>Which section is which profile, as botocore's build_profile_map (config) and raw_config_parse (credentials) say.</summary>
    public static TheoryData<string, string, string, string?> Names => new()
    {
        { "[profile default] after [default] wins", "[default]\nregion = eu-west-1\n[profile default]\nregion = eu-west-2\n", "default", "eu-west-2" },
        { "[default] after [profile default] wins", "[profile default]\nregion = eu-west-2\n[default]\nregion = eu-west-1\n", "default", "eu-west-1" },
        { "the later section of a profile replaces the earlier whole", "[profile a]\nregion = eu-west-1\nk = v\n[profile  a ]\nregion = eu-west-2\n", "a", "eu-west-2|" },
        { "a quoted name", "[profile \"my dev\"]\nregion = eu-west-1\n", "my dev", "eu-west-1" },
        { "a tab after profile", "[profile\ta]\nregion = eu-west-1\n", "a", "eu-west-1" },
        { "a comment after the header", "[profile c] # prod\nregion = eu-west-1\n", "c", "eu-west-1" },
        { "[ default ] is not the default profile", "[ default ]\nregion = eu-west-1\n", "default", null },
        { "a plain section in the config file is not a profile", "[a]\nregion = eu-west-1\n", "a", null },
        { "three words are not a profile", "[profile a b]\nregion = eu-west-1\n", "a b", null },
        { "an unclosed quote is not a profile", "[profile \"a]\nregion = eu-west-1\n", "\"a", null },
        { "botocore only checks that the header starts with profile", "[profiles a]\nregion = eu-west-1\n", "a", "eu-west-1" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Find_names_config_file_profiles_as_the_AWS_CLI_does(string name, string config, string profile, string? region)
    {
        // Arrange
        using var files = new TempProfiles(config);

        // Act
        var found = files.Store().Find(profile);

        // Assert
        var expected = region?.Split('|') ?? [];
        Assert.True(
            (region is null && found is null) || (found is not null && found.Get("region") == expected[0] && (expected.Length == 1 || found.Get("k") is null)),
            $"{name}: {(found is null ? "no profile" : $"region {found.Get("region")}, k {found.Get("k")}")}");
    }

    [Theory]
    [InlineData("x", null)]
    [InlineData("profile x", "AKIAPROFILEX")]
    [InlineData(" default ", "AKIASPACED")]
    [InlineData("default", null)]
    public void Find_takes_a_credentials_file_section_name_as_the_profile_name_exactly(string profile, string? accessKey)
    {
        // Arrange
        using var files = new TempProfiles(string.Empty, "[profile x]\naws_access_key_id = AKIAPROFILEX\n[ default ]\naws_access_key_id = AKIASPACED\n");

        // Act
        var found = files.Store().Find(profile);

        // Assert
        Assert.Equal(accessKey, found?.Get("aws_access_key_id"));
    }

    [Fact]
    public void Find_keeps_each_files_keys_apart_as_well_as_merged()
    {
        // Arrange
        using var files = new TempProfiles("[profile a]\naws_access_key_id = AKIACONFIG\nregion = eu-west-1\n", "[a]\naws_secret_access_key = from-credentials\n");

        // Act
        var a = files.Store().Find("a")!;

        // Assert
        Assert.Equal("AKIACONFIG", a.ConfigKeys?["aws_access_key_id"]);
        Assert.False(a.CredentialsKeys?.ContainsKey("aws_access_key_id"));
        Assert.Equal(("AKIACONFIG", "from-credentials"), (a.Get("aws_access_key_id"), a.Get("aws_secret_access_key")));
        Assert.Equal($"profile 'a' in {files.Files.CredentialsPath}", a.Describe("aws_secret_access_key"));
        Assert.Equal($"profile 'a' in {files.Files.ConfigPath}", a.Describe("region"));
        Assert.Equal($"profile 'a' in {files.Files.ConfigPath} and {files.Files.CredentialsPath}", a.Describe());
    }

    [Fact]
    public void Get_trims_values_and_treats_empty_ones_as_absent()
    {
        // Arrange
        using var files = new TempProfiles("[profile a]\nexternal_id =\nregion =   eu-west-1  \n");

        // Act
        var a = files.Store().Find("a")!;

        // Assert
        Assert.Null(a.Get("external_id"));
        Assert.Equal("eu-west-1", a.Get("region"));
        Assert.Null(a.Get("role_arn"));
    }
}
