using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Server;

namespace AwsAssumeRole.Core.Tests.Server;

public sealed class EndpointVariablesTests
{
    private static readonly ServerToken Token = ServerToken.FromBytes(new byte[32]);
    private static readonly Uri Uri = new("http://127.0.0.1:41234/credentials");

    [Fact]
    public void The_two_lines_print_in_every_shell_format()
    {
        // Act
        var env = new EnvFormatter().Format(EndpointVariables.For(Uri, Token));
        var export = new ExportFormatter().Format(EndpointVariables.For(Uri, Token));

        // Assert
        Assert.Equal($"AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:41234/credentials\nAWS_CONTAINER_AUTHORIZATION_TOKEN={new string('0', 64)}\n", env);
        Assert.Equal($"export AWS_CONTAINER_CREDENTIALS_FULL_URI='http://127.0.0.1:41234/credentials'\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN='{new string('0', 64)}'\n", export);
    }

    [Fact]
    public void The_child_gets_the_endpoint_the_region_and_the_chain_and_no_variable_an_SDK_would_prefer()
    {
        // Arrange
        var parent = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin",
            ["AWS_ACCESS_KEY_ID"] = "AKIAOLD",
            ["AWS_SECRET_ACCESS_KEY"] = "old-secret",
            ["AWS_SESSION_TOKEN"] = "old-token",
            ["AWS_SECURITY_TOKEN"] = "old-token",
            ["AWS_PROFILE"] = "stale",
            ["AWS_DEFAULT_PROFILE"] = "stale",
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/token",
            ["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/x",
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/x",
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://169.254.170.23/v1/credentials",
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = "/var/run/secrets/token",
            ["AWS_CONFIG_FILE"] = "/home/me/.aws/config",
            ["AWS_SHARED_CREDENTIALS_FILE"] = "/home/me/.aws/credentials",
        };

        // Act
        var child = EndpointVariables.ChildEnvironmentFor(parent, Uri, Token, "eu-west-1", RoleArn.Parse("arn:aws:iam::987654321098:role/backup-role"));

        // Assert
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["PATH"] = "/usr/bin",
                ["AWS_CONFIG_FILE"] = "/home/me/.aws/config",
                ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:41234/credentials",
                ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = new string('0', 64),
                ["AWS_REGION"] = "eu-west-1",
                ["AWS_DEFAULT_REGION"] = "eu-west-1",
                ["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null",
                ["AWS_ASSUME_ROLE_CHAIN"] = "arn:aws:iam::987654321098:role/backup-role",
            }.OrderBy(v => v.Key, StringComparer.Ordinal),
            child.OrderBy(v => v.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Without_a_known_region_the_parents_region_variables_stay()
    {
        var child = EndpointVariables.ChildEnvironmentFor(new Dictionary<string, string> { ["AWS_REGION"] = "us-west-2" }, Uri, Token, null, RoleArn.Parse("arn:aws:iam::987654321098:role/r"));

        Assert.Equal("us-west-2", child["AWS_REGION"]);
        Assert.False(child.ContainsKey("AWS_DEFAULT_REGION"));
    }
}
