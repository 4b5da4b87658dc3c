using AwsAssumeRole.Core.Profiles;

namespace AwsAssumeRole.Core.Tests.Profiles;

public sealed class ProfileNamesTests
{
    [Fact]
    public void Read_lists_profile_sections_of_the_config_file_the_default_and_sections_of_the_credentials_file()
    {
        // Arrange
        using var files = new TempProfiles(
            """
            [default]
            region = eu-west-1

            [profile ops]
            role_arn = arn:aws:iam::111122223333:role/ops
            source_profile = base

            [profile   deploy]
            ROLE_ARN = arn:aws:iam::444455556666:role/team/deployer

            [sso-session corp]
            sso_start_url = https://example.awsapps.com/start

            [services local]
            sts =
              endpoint_url = http://127.0.0.1:5000

            [plain]
            role_arn = arn:aws:iam::999999999999:role/not-a-profile
            """,
            """
            [base]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

            [ops]
            role_arn = arn:aws:iam::111122223333:role/ops
            """);

        // Act
        var listing = ProfileNames.Read(files.Files);

        // Assert
        Assert.Equal(["base", "default", "deploy", "ops"], listing.Profiles);
        Assert.Equal(["arn:aws:iam::111122223333:role/ops", "arn:aws:iam::444455556666:role/team/deployer"], listing.RoleArns);
    }

    [Fact]
    public void Read_offers_nothing_from_a_file_that_is_not_ini_and_still_reads_the_other()
    {
        // Arrange: a line that is neither [section], key = value nor a comment.
        using var files = new TempProfiles("[profile ops]\nrole_arn = arn:aws:iam::111122223333:role/ops\nthis line is not ini\n", "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n");

        // Act
        var listing = ProfileNames.Read(files.Files);

        // Assert
        Assert.Equal(["base"], listing.Profiles);
        Assert.Empty(listing.RoleArns);
    }

    [Fact]
    public void Read_finds_nothing_when_neither_file_exists()
    {
        // Arrange
        using var files = new TempProfiles(string.Empty);
        File.Delete(files.Files.ConfigPath);
        File.Delete(files.Files.CredentialsPath);

        // Act
        var listing = ProfileNames.Read(files.Files);

        // Assert
        Assert.Empty(listing.Profiles);
        Assert.Empty(listing.RoleArns);
    }

    [Fact]
    public void Read_offers_nothing_from_a_folder_where_a_file_should_be()
    {
        // Arrange
        using var files = new TempProfiles(string.Empty, "[base]\n");
        File.Delete(files.Files.ConfigPath);
        Directory.CreateDirectory(files.Files.ConfigPath);

        // Act
        var listing = ProfileNames.Read(files.Files);

        // Assert
        Assert.Equal(["base"], listing.Profiles);
    }
}
