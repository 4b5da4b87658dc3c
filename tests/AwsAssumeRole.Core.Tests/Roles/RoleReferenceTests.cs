using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Tests.Roles;

public sealed class RoleReferenceTests
{
    private static readonly IdentityArn GovCaller =
        IdentityArn.TryParse("arn:aws-us-gov:sts::111122223333:assumed-role/PowerUser/alice")!;

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/deployer")]
    [InlineData("arn:aws-cn:iam::123456789012:role/team/app/deployer")]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/team/app/deployer")]
    public void Parse_treats_text_starting_with_arn_as_a_full_role_ARN(string text)
    {
        // Act
        var reference = RoleReference.Parse(text);

        // Assert
        Assert.False(reference.IsBareName);
        Assert.Equal(RoleArn.Parse(text), reference.Arn);
        Assert.Equal(text, reference.Text);
    }

    [Theory]
    [InlineData("deployer")]
    [InlineData("team/app/deployer")]
    [InlineData("a+b=c,d.e@f_g-h")]
    public void Parse_accepts_bare_names_with_and_without_paths(string text)
    {
        // Act
        var reference = RoleReference.Parse(text);

        // Assert
        Assert.True(reference.IsBareName);
        Assert.Null(reference.Arn);
        Assert.Equal(text, reference.ToString());
    }

    [Theory]
    [InlineData("deployer", "arn:aws-us-gov:iam::111122223333:role/deployer")]
    [InlineData("team/app/deployer", "arn:aws-us-gov:iam::111122223333:role/team/app/deployer")]
    public void Resolve_puts_a_bare_name_in_the_partition_and_account_of_the_current_identity(string text, string expected)
    {
        // Arrange
        var reference = RoleReference.Parse(text);

        // Act
        var arn = reference.Resolve(GovCaller);

        // Assert
        Assert.Equal(expected, arn.ToString());
        Assert.Equal("aws-us-gov", arn.Partition);
        Assert.Equal("111122223333", arn.AccountId);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/ops/bob", "arn:aws:iam::123456789012:role/deployer")]
    [InlineData("arn:aws-cn:iam::999988887777:root", "arn:aws-cn:iam::999988887777:role/deployer")]
    [InlineData("arn:aws:sts::444455556666:federated-user/x", "arn:aws:iam::444455556666:role/deployer")]
    public void Resolve_uses_whatever_kind_of_identity_is_current(string identity, string expected)
    {
        // Arrange
        var reference = RoleReference.Parse("deployer");

        // Act
        var arn = reference.Resolve(IdentityArn.TryParse(identity));

        // Assert
        Assert.Equal(expected, arn.ToString());
    }

    [Fact]
    public void Resolve_keeps_a_full_ARN_whatever_the_current_identity()
    {
        // Arrange
        var reference = RoleReference.Parse("arn:aws:iam::123456789012:role/team/deployer");

        // Act
        var withGovCaller = reference.Resolve(GovCaller);
        var withNoCaller = reference.Resolve(null);

        // Assert
        Assert.Equal("arn:aws:iam::123456789012:role/team/deployer", withGovCaller.ToString());
        Assert.Equal(withGovCaller, withNoCaller);
    }

    [Fact]
    public void Resolve_refuses_a_bare_name_without_an_identity()
    {
        // Arrange
        var reference = RoleReference.Parse("deployer");

        // Act + Assert
        Assert.Throws<ArgumentNullException>(() => reference.Resolve(null));
    }

    [Fact]
    public void Parse_accepts_a_bare_name_of_64_characters_and_rejects_65()
    {
        // Arrange
        var name64 = new string('n', 64);
        var name65 = new string('n', 65);

        // Act
        var accepted = RoleReference.Parse("team/" + name64);
        var error = Assert.Throws<AssumeRoleException>(() => RoleReference.Parse("team/" + name65));

        // Assert
        Assert.Equal("arn:aws:iam::123456789012:role/team/" + name64,
            accepted.Resolve(IdentityArn.TryParse("arn:aws:iam::123456789012:user/u")).ToString());
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("65 characters", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the role name is empty")]
    [InlineData("team/", "the role name is empty")]
    [InlineData("team//deployer", "empty segment")]
    [InlineData("/deployer", "empty segment")]
    [InlineData("dep loyer", "only letters, digits")]
    [InlineData("dep'loyer", "only letters, digits")]
    [InlineData("$(id)", "only letters, digits")]
    [InlineData("dep\tloyer", "control characters")]
    [InlineData("deployer\n", "control characters")]
    [InlineData("\u001b]0;pwned\u0007", "control characters")]
    [InlineData("deployer\0", "control characters")]
    [InlineData("ARN:aws:iam::123456789012:role/x", "lowercase 'arn:'")]
    [InlineData("Arn:aws:iam::123456789012:role/x", "lowercase 'arn:'")]
    [InlineData("team:app/deployer", "lowercase 'arn:'")]
    public void Parse_rejects_bad_bare_names_as_bad_input(string text, string reason)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => RoleReference.Parse(text));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid role name '", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
    }

    [Theory]
    [InlineData("arn:aws:iam::12345:role/x")]
    [InlineData("arn:aws:s3:::bucket")]
    [InlineData("arn:aws:iam::123456789012:user/u")]
    public void Parse_reports_a_bad_ARN_as_an_ARN_not_as_a_name(string text)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => RoleReference.Parse(text));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid role ARN '", error.Message, StringComparison.Ordinal);
    }
}
