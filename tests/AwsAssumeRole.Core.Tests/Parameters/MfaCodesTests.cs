using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;

namespace AwsAssumeRole.Core.Tests.Parameters;

public sealed class MfaCodesTests
{
    [Theory]
    [InlineData("123456")]
    [InlineData("000000")]
    public void ValidateCode_accepts_exactly_six_digits(string code)
    {
        // Act
        var valid = MfaCodes.ValidateCode(code);

        // Assert
        Assert.Equal(code, valid);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("")]
    [InlineData("12345a")]
    [InlineData(" 123456")]
    [InlineData("123 456")]
    [InlineData("\uff11\uff12\uff13\uff14\uff15\uff16")]
    [InlineData("\u0661\u0662\u0663\u0664\u0665\u0666")]
    public void ValidateCode_refuses_anything_else_without_repeating_it(string code)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => MfaCodes.ValidateCode(code));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("invalid --mfa-code: an MFA code is exactly 6 digits", error.Message);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:mfa/alice")]
    [InlineData("arn:aws-us-gov:iam::123456789012:mfa/team/alice.smith@example.com")]
    [InlineData("GAHT12345")]
    public void ValidateSerial_accepts_device_ARNs_and_hardware_serials(string serial)
    {
        // Act
        var valid = MfaCodes.ValidateSerial(serial);

        // Assert
        Assert.Equal(serial, valid);
    }

    [Fact]
    public void ValidateSerial_accepts_9_and_256_characters_and_refuses_8_and_257()
    {
        // Act
        var shortest = MfaCodes.ValidateSerial(new string('s', 9));
        var longest = MfaCodes.ValidateSerial(new string('s', 256));
        var tooShort = Assert.Throws<AssumeRoleException>(() => MfaCodes.ValidateSerial(new string('s', 8)));
        var tooLong = Assert.Throws<AssumeRoleException>(() => MfaCodes.ValidateSerial(new string('s', 257)));

        // Assert
        Assert.Equal((9, 256), (shortest.Length, longest.Length));
        Assert.EndsWith("not 8", tooShort.Message, StringComparison.Ordinal);
        Assert.EndsWith("not 257", tooLong.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:mfa/alice smith")]
    [InlineData("arn:aws:iam::123456789012:mfa/alice;rm")]
    [InlineData("arn:aws:iam::123456789012:mfa/\u001b[2J")]
    public void ValidateSerial_refuses_characters_STS_refuses(string serial)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => MfaCodes.ValidateSerial(serial, "mfa_serial"));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid mfa_serial '", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("only letters, digits and + = / : , . @ _ - are allowed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsControl);
    }
}
