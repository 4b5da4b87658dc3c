using AwsAssumeRole.Core.Exec;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Exec;

public sealed class ChildEnvironmentTests
{
    private static readonly RoleArn Backup = RoleArn.Parse("arn:aws:iam::987654321098:role/backup-role");

    private static readonly IssuedCredentials Issued = new(
        new AwsCredentials("ASIANEWKEY0000000001", "newsecret/abc+def", "newtoken==", new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero)),
        "eu-west-1");

    [Fact]
    public void Build_sets_the_chain_credentials_region_and_marker()
    {
        // Arrange
        var parent = new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["HOME"] = "/home/u" };

        // Act
        var child = ChildEnvironment.Build(parent, Issued, Backup);

        // Assert
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["AWS_ACCESS_KEY_ID"] = "ASIANEWKEY0000000001",
                ["AWS_ASSUME_ROLE_CHAIN"] = "arn:aws:iam::987654321098:role/backup-role",
                ["AWS_CREDENTIAL_EXPIRATION"] = "2026-11-29T01:02:03Z",
                ["AWS_DEFAULT_REGION"] = "eu-west-1",
                ["AWS_REGION"] = "eu-west-1",
                ["AWS_SECRET_ACCESS_KEY"] = "newsecret/abc+def",
                ["AWS_SESSION_TOKEN"] = "newtoken==",
                ["HOME"] = "/home/u",
                ["PATH"] = "/usr/bin",
            },
            child);
    }

    public static TheoryData<string> StaleVariables => new(ChildEnvironment.RemovedVariables.Where(name => !name.StartsWith("AWS_ACCESS_KEY_ID", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(StaleVariables))]
    [InlineData("aws_profile")]
    [InlineData("Aws_Security_Token")]
    public void Build_removes_every_variable_that_could_select_other_credentials(string name)
    {
        // Arrange
        var parent = new Dictionary<string, string> { [name] = "stale", ["PATH"] = "/usr/bin" };
        var longTerm = new IssuedCredentials(new AwsCredentials("AKIAEXAMPLE000000001", "secret", null, null), null);

        // Act
        var child = ChildEnvironment.Build(parent, longTerm, Backup);

        // Assert: nothing stale survives, whether or not the new credentials have that variable.
        Assert.DoesNotContain("stale", child.Values);
    }

    [Theory]
    [InlineData("AWS_PROFILE")]
    [InlineData("AWS_DEFAULT_PROFILE")]
    [InlineData("AWS_SECURITY_TOKEN")]
    [InlineData("AWS_ROLE_ARN")]
    [InlineData("AWS_WEB_IDENTITY_TOKEN_FILE")]
    [InlineData("AWS_CONTAINER_CREDENTIALS_FULL_URI")]
    [InlineData("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")]
    [InlineData("AWS_CONTAINER_AUTHORIZATION_TOKEN")]
    [InlineData("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")]
    [InlineData("AWS_ACCOUNT_ID")]
    public void The_issue_list_is_in_RemovedVariables(string name)
    {
        // Assert
        Assert.Contains(name, ChildEnvironment.RemovedVariables);
    }

    [Fact]
    public void Build_keeps_config_files_endpoints_and_everything_unrelated()
    {
        // Arrange
        var parent = new Dictionary<string, string>
        {
            ["AWS_CONFIG_FILE"] = "/c",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/s",
            ["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:1",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["TERM"] = "xterm",
            ["EMPTY"] = string.Empty,
        };

        // Act
        var child = ChildEnvironment.Build(parent, Issued, Backup);

        // Assert
        Assert.All(parent, variable => Assert.Equal(variable.Value, child[variable.Key]));
    }

    [Fact]
    public void Build_keeps_the_parents_region_when_none_was_resolved_and_replaces_it_when_one_was()
    {
        // Arrange
        var parent = new Dictionary<string, string> { ["AWS_REGION"] = "us-west-2", ["aws_region"] = "lower" };
        var noRegion = Issued with { Region = null };

        // Act
        var kept = ChildEnvironment.Build(parent, noRegion, Backup);
        var replaced = ChildEnvironment.Build(parent, Issued, Backup);

        // Assert
        Assert.Equal("us-west-2", kept["AWS_REGION"]);
        Assert.False(kept.ContainsKey("AWS_DEFAULT_REGION"));
        Assert.Equal("eu-west-1", replaced["AWS_REGION"]);
        Assert.False(replaced.ContainsKey("aws_region"));
    }

    [Fact]
    public void Build_updates_the_marker_of_an_outer_chain()
    {
        // Arrange: aws-assume-role run inside another's command.
        var parent = new Dictionary<string, string> { [ChildEnvironment.ChainVariable] = "arn:aws:iam::123456789012:role/ec2-worker" };

        // Act
        var child = ChildEnvironment.Build(parent, Issued, Backup);

        // Assert
        Assert.Equal("arn:aws:iam::987654321098:role/backup-role", child[ChildEnvironment.ChainVariable]);
    }
}
