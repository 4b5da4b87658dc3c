using AwsAssumeRole.Core.Server;
using AwsAssumeRole.Core.Tests.Profiles;

namespace AwsAssumeRole.Core.Tests.Server;

public sealed class CompetingCredentialsTests
{
    [Theory]
    [InlineData("", "", true, null)]
    [InlineData("", "", false, null)]
    [InlineData("[profile dev]\ncredential_process = x\n", "[dev]\naws_access_key_id = AKIA\n", false, null)]
    [InlineData("[default]\nregion = eu-west-1\n", "", false, null)]
    [InlineData("", "[default]\naws_access_key_id = AKIA\n", true, null)]
    [InlineData("", "[default]\naws_access_key_id = AKIA\n", false, "{credentials} has aws_access_key_id, which SDK clients take before the endpoint: give clients AWS_SHARED_CREDENTIALS_FILE=/dev/null, or they run as the source user")]
    [InlineData("[default]\ncredential_process = x\n", "", true, "{config} has credential_process, which SDK clients take before the endpoint: move them to a named profile, or the command may not run as the served role")]
    [InlineData("[default]\nsso_session = corp\n", "[default]\naws_access_key_id = AKIA\n", true, "{config} has sso_session, ")]
    [InlineData("[default]\nrole_arn = arn:aws:iam::1:role/x\n", "", true, "{config} has role_arn, ")]
    [InlineData("[default]\naws_access_key_id = AKIA\n", "", false, "{config} has aws_access_key_id, which SDK clients take before the endpoint: move them")]
    public void The_default_profiles_credentials_that_a_client_takes_before_the_endpoint_are_named(string config, string credentials, bool credentialsFileHidden, string? expected)
    {
        // Arrange
        using var files = new TempProfiles(config, credentials);

        // Act
        var warnings = CompetingCredentials.InDefaultProfile(files.Store(), credentialsFileHidden);

        // Assert
        if (expected is null)
        {
            Assert.Empty(warnings);
            return;
        }

        var named = expected.Replace("{config}", files.Files.ConfigPath, StringComparison.Ordinal).Replace("{credentials}", files.Files.CredentialsPath, StringComparison.Ordinal);
        Assert.StartsWith($"serve: [default] in {named}", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void For_clients_started_elsewhere_both_files_are_named_the_credentials_file_first()
    {
        // Arrange
        using var files = new TempProfiles("[default]\ncredential_process = x\n", "[default]\naws_access_key_id = AKIA\n");

        // Act
        var warnings = CompetingCredentials.InDefaultProfile(files.Store(), credentialsFileHidden: false);

        // Assert
        Assert.Collection(
            warnings,
            first => Assert.StartsWith($"serve: [default] in {files.Files.CredentialsPath} has aws_access_key_id, ", first, StringComparison.Ordinal),
            second => Assert.StartsWith($"serve: [default] in {files.Files.ConfigPath} has credential_process, ", second, StringComparison.Ordinal));
    }
}
