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
    public void A_malformed_file_is_bad_input_that_never_quotes_the_line()
    {
        // Arrange
        using var files = new TempProfiles(string.Empty, "[base]\naws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");

        // Act
        var error = Assert.Throws<AssumeRoleException>(files.Store);

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal($"cannot read {files.Files.CredentialsPath}: a line in it is neither [section], key = value nor a comment", error.Message);
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
