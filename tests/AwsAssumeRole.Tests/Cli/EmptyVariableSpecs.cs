using System.Text.RegularExpressions;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// Every <c>AWS_*</c> variable the tool or the AWS SDK reads, set to the empty string, behaves
/// exactly as if it were unset (as in the AWS CLI): same exit code, same stdout, same stderr.
/// Against moto, and for the variables that decide where requests go also with no endpoint
/// configured at all (the default AWS endpoint, reached through a proxy that refuses the tunnel, so
/// nothing leaves the machine).
/// </summary>
[Collection("moto")]
public sealed class EmptyVariableSpecs(MotoFixture moto) : RecordedMotoSpecs(moto)
{
    public static TheoryData<string> Variables =>
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
        "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "AWS_STS_REGIONAL_ENDPOINTS", "AWS_DEFAULTS_MODE", "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS", "AWS_USE_FIPS_ENDPOINT",
        "AWS_USE_DUALSTACK_ENDPOINT", "AWS_ENABLE_ENDPOINT_DISCOVERY", "AWS_SDK_UA_APP_ID", "AWS_ACCOUNT_ID_ENDPOINT_MODE",
        "AWS_REQUEST_CHECKSUM_CALCULATION", "AWS_RESPONSE_CHECKSUM_VALIDATION", "AWS_DISABLE_REQUEST_COMPRESSION",
        "AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "AWS_AUTH_SCHEME_PREFERENCE", "AWS_SIGV4A_SIGNING_REGION_SET",
        "AWS_CSM_ENABLED", "AWS_CSM_PORT", "AWS_CSM_HOST", "AWS_CSM_CLIENT_ID",
        "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "AWS_EC2_METADATA_V1_DISABLED", "AWS_METADATA_SERVICE_TIMEOUT",
        "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "AWS_CA_BUNDLE",
        "AWS_ASSUME_ROLE_DEBUG", "AWS_ASSUME_ROLE_CACHE_DIR", "AWS_ASSUME_ROLE_DEPTH", "AWS_ASSUME_ROLE_RESOLVING",
    ];

    /// <summary>What decides where requests go, tried without an endpoint too (each try takes the SDK's retries, about a second).</summary>
    private static readonly HashSet<string> EndpointVariables =
    [
        "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_STS_REGIONAL_ENDPOINTS", "AWS_DEFAULTS_MODE", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
    ];

    [Theory]
    [MemberData(nameof(Variables))]
    public async Task An_empty_variable_is_the_same_as_an_unset_one(string variable)
    {
        Env.WithSourceKeys().WithConfig("[default]\nregion = eu-west-1\n");
        if (variable != "AWS_ENDPOINT_URL_STS")
        {
            // Against moto: one hop and whoami, through the cache.
            Env.With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);
            var (unset, empty) = await RunBothWaysAsync(variable);
            Assert.True(variable is "AWS_ACCESS_KEY_ID" or "AWS_SECRET_ACCESS_KEY" || unset.ExitCode == 0, unset.ToString());
            Assert.Equal((unset.ExitCode, unset.Stdout, unset.Stderr), (empty.ExitCode, empty.Stdout, empty.Stderr));
            Env.Variables.Remove("AWS_ENDPOINT_URL_STS");
        }

        if (!EndpointVariables.Contains(variable))
        {
            return;
        }

        // No endpoint configured: the SDK's own endpoint lookup must not trip over the empty value either.
        await using var proxy = RecordingProxy.Start(Moto.Endpoint);
        Env.With("HTTPS_PROXY", proxy.Endpoint);
        var (unsetAws, emptyAws) = await RunBothWaysAsync(variable);
        Assert.Contains("aws-assume-role: error: ", unsetAws.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", emptyAws.Stderr, StringComparison.Ordinal);
        Assert.Equal((unsetAws.ExitCode, unsetAws.Stdout, unsetAws.Stderr), (emptyAws.ExitCode, emptyAws.Stdout, emptyAws.Stderr));
    }

    private async Task<(ProcessResult Unset, ProcessResult Empty)> RunBothWaysAsync(string variable)
    {
        Env.Variables.Remove(variable);
        var unset = await Tool.RunAsync(Env, "whoami", "arn:aws:iam::111111111111:role/probe");
        Env.With(variable, string.Empty);
        var empty = await Tool.RunAsync(Env, "whoami", "arn:aws:iam::111111111111:role/probe");
        Env.Variables.Remove(variable);
        return (WithoutRoleId(unset), WithoutRoleId(empty));
    }

    // moto makes up a new role ID for every session, even for the same role.
    private static ProcessResult WithoutRoleId(ProcessResult result) =>
        result with { Stdout = Regex.Replace(result.Stdout, "\"UserId\": \"AROA[A-Z0-9]+:", "\"UserId\": \"AROA...:") };
}
