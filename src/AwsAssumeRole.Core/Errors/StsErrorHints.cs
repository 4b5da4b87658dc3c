using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Errors;

/// <summary>What to tell the user to do about an STS failure, chosen by error code (never by message text).</summary>
public static class StsErrorHints
{
    /// <summary>A one-line hint for this failure, or null when there is nothing useful to add.</summary>
    /// <param name="error">The failure.</param>
    /// <param name="role">The role being assumed, or null for <c>GetCallerIdentity</c>.</param>
    /// <param name="caller">Who was calling (an ARN), when known.</param>
    /// <param name="hop">The 1-based hop number, or 0 for the source credentials.</param>
    /// <param name="sentMfa">True when the call sent an MFA code: a refusal may be the code's fault.</param>
    public static string? For(StsException error, string? role, string? caller, int hop, bool sentMfa = false)
    {
        ArgumentNullException.ThrowIfNull(error);
        const string endpointSources = "--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's endpoint_url";
        switch (error.ErrorCode)
        {
            case "TimedOut":
                return "check the STS endpoint and the network, or allow more time with --timeout (or AWS_ASSUME_ROLE_TIMEOUT)";
            case "Redirected" or "ResponseTooLarge" or "NotAnStsResponse":
                return $"check that the endpoint is an STS endpoint ({endpointSources})";
            case "TlsCertificateRejected":
                return $"check the endpoint's host name ({endpointSources}); where a proxy inspects TLS, give its CA certificate with AWS_CA_BUNDLE or the profile's ca_bundle";
            case "ProxyRefused":
                return "check the proxy's address, user name and password (HTTPS_PROXY, HTTP_PROXY, ALL_PROXY), or list the endpoint's host in NO_PROXY";
        }

        if (error.Unreachable)
        {
            return "check the STS endpoint (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, --region) and the network";
        }

        var credentialsOf = hop <= 1 ? "the source credentials" : $"the credentials from hop {hop - 1}";
        return error.ErrorCode switch
        {
            "AccessDenied" or "AccessDeniedException" when sentMfa =>
                $"check the MFA code (a fresh one: AWS accepts each code once) and the MFA device, then that the trust policy of {role} allows {caller ?? "the caller"} to call sts:AssumeRole",
            "AccessDenied" or "AccessDeniedException" => role is null
                ? "the source credentials may not call sts:GetCallerIdentity"
                : $"check that the trust policy of {role} allows {caller ?? "the caller"} to call sts:AssumeRole (and that the caller's own policies allow it)",
            "ExpiredToken" or "ExpiredTokenException" or "InvalidClientTokenId" or "SignatureDoesNotMatch"
                or "UnrecognizedClientException" or "IncompleteSignature" or "InvalidAccessKeyId" or "MissingAuthenticationToken"
                => $"{credentialsOf} are invalid or expired: refresh them (new keys, aws sso login, or re-run the command that made them)",
            "RegionDisabledException" => "STS is not activated in this region for the account: activate it in IAM, or use another --region",
            "Throttling" or "ThrottlingException" or "RequestLimitExceeded" => "STS is throttling requests: wait a moment and retry",
            "ValidationError" => "STS rejected a parameter; when it is the duration, ask for one within the role's maximum session duration",
            "PackedPolicyTooLarge" => "send fewer or shorter session tags or policies",
            _ => null,
        };
    }
}
