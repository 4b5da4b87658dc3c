using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Errors;

public sealed class StsErrorHintsTests
{
    private const string Role = "arn:aws:iam::222222222222:role/cross";
    private const string Caller = "arn:aws:sts::111111111111:assumed-role/deployer/bob";

    private static StsException Error(string code, bool unreachable = false) => new(code, "message from AWS", unreachable);

    [Theory]
    [InlineData("AccessDenied", Role, Caller, 2, $"check that the trust policy of {Role} allows {Caller} to call sts:AssumeRole (and that the caller's own policies allow it)")]
    [InlineData("AccessDeniedException", Role, null, 1, $"check that the trust policy of {Role} allows the caller to call sts:AssumeRole (and that the caller's own policies allow it)")]
    [InlineData("AccessDenied", null, null, 0, "the source credentials may not call sts:GetCallerIdentity")]
    [InlineData("ExpiredToken", Role, Caller, 1, "the source credentials are invalid or expired: refresh them (new keys, aws sso login, or re-run the command that made them)")]
    [InlineData("ExpiredTokenException", null, null, 0, "the source credentials are invalid or expired: refresh them (new keys, aws sso login, or re-run the command that made them)")]
    [InlineData("InvalidClientTokenId", Role, Caller, 3, "the credentials from hop 2 are invalid or expired: refresh them (new keys, aws sso login, or re-run the command that made them)")]
    [InlineData("SignatureDoesNotMatch", Role, Caller, 2, "the credentials from hop 1 are invalid or expired: refresh them (new keys, aws sso login, or re-run the command that made them)")]
    [InlineData("RegionDisabledException", Role, Caller, 1, "STS is not activated in this region for the account: activate it in IAM, or use another --region")]
    [InlineData("Throttling", Role, Caller, 1, "STS is throttling requests: wait a moment and retry")]
    [InlineData("ValidationError", Role, Caller, 1, "STS rejected a parameter; when it is the duration, ask for one within the role's maximum session duration")]
    [InlineData("PackedPolicyTooLarge", Role, Caller, 1, "send fewer or shorter session tags or policies")]
    public void For_chooses_the_hint_by_error_code(string code, string? role, string? caller, int hop, string expected)
    {
        // Act
        var hint = StsErrorHints.For(Error(code), role, caller, hop);

        // Assert
        Assert.Equal(expected, hint);
    }

    [Theory]
    [InlineData("MalformedPolicyDocument")]
    [InlineData("accessdenied")]
    [InlineData("")]
    public void For_has_nothing_to_add_for_other_codes(string code)
    {
        // Act
        var hint = StsErrorHints.For(Error(code), Role, Caller, 1);

        // Assert
        Assert.Null(hint);
    }

    [Theory]
    [InlineData("EndpointUnreachable")]
    [InlineData("AccessDenied")]
    public void For_points_at_the_endpoint_whenever_STS_could_not_be_reached(string code)
    {
        // Act
        var hint = StsErrorHints.For(Error(code, unreachable: true), Role, Caller, 2);

        // Assert
        Assert.Equal("check the STS endpoint (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, --region) and the network", hint);
    }

    [Fact]
    public void For_never_reads_the_message_text()
    {
        // Arrange: the message says "access denied", but the code does not.
        var error = new StsException("Unknown", "AccessDenied: access denied, token expired", unreachable: false);

        // Act
        var hint = StsErrorHints.For(error, Role, Caller, 1);

        // Assert
        Assert.Null(hint);
    }
}
