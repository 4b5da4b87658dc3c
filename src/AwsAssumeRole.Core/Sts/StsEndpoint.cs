using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// Where STS calls go: an explicit endpoint URL, or the regional endpoint of <see cref="Region"/>,
/// or (neither known) the global endpoint in us-east-1, as the AWS CLI v1 does.
/// </summary>
/// <param name="Region">The region the user gave or configured; null when none was.</param>
/// <param name="EndpointUrl">An endpoint that overrides the region's; null for AWS's own.</param>
public sealed record StsEndpoint(string? Region, Uri? EndpointUrl)
{
    /// <summary>True when <c>sts_regional_endpoints = legacy</c> sends this region's calls to the global endpoint.</summary>
    public bool UsesGlobalEndpoint { get; init; }

    /// <summary>The region requests are signed for.</summary>
    public string SigningRegion => UsesGlobalEndpoint ? "us-east-1" : Region ?? "us-east-1";

    /// <summary>Where requests go, for messages (never with a user name or password).</summary>
    public string Describe() => EndpointUrl is { } url ? PrintableText.Url(url) : AwsHost;

    /// <summary>Where requests go.</summary>
    public Uri ServiceUri => EndpointUrl ?? new Uri(AwsHost);

    private string AwsHost => Region is null || UsesGlobalEndpoint ? "https://sts.amazonaws.com"
        : Region.StartsWith("cn-", StringComparison.Ordinal) ? $"https://sts.{Region}.amazonaws.com.cn"
        : $"https://sts.{Region}.amazonaws.com";

    /// <summary>
    /// Plain <c>http://</c> to another machine sends the session token and receives the new secret
    /// unencrypted: refused (exit 2) unless <paramref name="allowPlainHttp"/> (<c>--allow-http</c>);
    /// then the warning to print is returned. Loopback (<c>localhost</c>, 127.0.0.0/8, ::1) never
    /// leaves the machine and is allowed without a word. Null when there is nothing to say.
    /// </summary>
    public string? CheckPlainHttp(bool allowPlainHttp)
    {
        if (EndpointUrl is not { } url || url.Scheme != Uri.UriSchemeHttp || url.IsLoopback)
        {
            return null;
        }

        return allowPlainHttp
            ? $"{Describe()} is plain HTTP: the session token, the MFA code and the new credentials travel unencrypted (--allow-http)"
            : throw AssumeRoleException.BadInput(
                $"refusing to send credentials to {Describe()} over plain HTTP: anyone on the way could read them",
                "use an https:// endpoint (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's endpoint_url), or add --allow-http to send them unencrypted anyway");
    }

    /// <summary>
    /// Region: <c>--region</c>, <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, the profile's.
    /// Endpoint: <c>--endpoint-url</c>, <c>AWS_ENDPOINT_URL_STS</c>, <c>AWS_ENDPOINT_URL</c>, the profile's
    /// (the last three ignored when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true, as in the AWS CLI).
    /// Without an endpoint, <c>AWS_STS_REGIONAL_ENDPOINTS</c> or the profile's <c>sts_regional_endpoints</c>
    /// may send the region's calls to the global endpoint (see <see cref="StsRegionalEndpoints"/>).
    /// A bad value from the profile is named by <paramref name="describeProfileKey"/> (the profile and
    /// its file, given the key) when one is given.
    /// </summary>
    public static StsEndpoint Resolve(string? regionOption, string? endpointOption, IEnvironment environment, string? profileRegion = null, string? profileEndpoint = null, string? profileRegionalEndpoints = null, Func<string, string>? describeProfileKey = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var (region, regionSource) =
            regionOption is not null ? (regionOption, "--region")
            : environment.Get(EnvironmentVariables.Region) is { } r1 ? (r1, EnvironmentVariables.Region)
            : environment.Get(EnvironmentVariables.DefaultRegion) is { } r2 ? (r2, EnvironmentVariables.DefaultRegion)
            : (profileRegion, "the profile's region");

        var ignoreConfigured = string.Equals(environment.Get(EnvironmentVariables.IgnoreConfiguredEndpointUrls), "true", StringComparison.OrdinalIgnoreCase);
        var (endpoint, endpointSource) =
            endpointOption is not null ? (endpointOption, "--endpoint-url")
            : ignoreConfigured ? (null, string.Empty)
            : environment.Get(EnvironmentVariables.EndpointUrlSts) is { } e1 ? (e1, EnvironmentVariables.EndpointUrlSts)
            : environment.Get(EnvironmentVariables.EndpointUrl) is { } e2 ? (e2, EnvironmentVariables.EndpointUrl)
            : (profileEndpoint, "the profile's endpoint_url");

        var legacy = environment.Get(EnvironmentVariables.StsRegionalEndpoints) is { } setting
            ? StsRegionalEndpoints.IsLegacy(setting, EnvironmentVariables.StsRegionalEndpoints)
            : InProfile(describeProfileKey, "sts_regional_endpoints", () => StsRegionalEndpoints.IsLegacy(profileRegionalEndpoints, "the profile's sts_regional_endpoints"));
        return new StsEndpoint(
            region is null ? null
                : regionSource == "the profile's region" ? InProfile(describeProfileKey, "region", () => ValidateRegion(region, regionSource))
                : ValidateRegion(region, regionSource),
            endpoint is null ? null
                : endpointSource == "the profile's endpoint_url" ? InProfile(describeProfileKey, "endpoint_url", () => ValidateEndpoint(endpoint, endpointSource))
                : ValidateEndpoint(endpoint, endpointSource))
        {
            UsesGlobalEndpoint = legacy && endpoint is null && region is not null && StsRegionalEndpoints.LegacyGlobalRegions.Contains(region),
        };
    }

    // A profile's bad value is named as every other bad profile key is: "profile 'a' in FILE: invalid KEY ...".
    private static T InProfile<T>(Func<string, string>? describe, string key, Func<T> validate)
    {
        try
        {
            return validate();
        }
        catch (AssumeRoleException e) when (describe is not null)
        {
            var message = e.Message.Replace($" from the profile's {key}", string.Empty, StringComparison.Ordinal)
                .Replace("invalid endpoint URL", "invalid endpoint_url", StringComparison.Ordinal);
            throw AssumeRoleException.BadInput($"{describe(key)}: {message}", e.Hint);
        }
    }

    /// <summary>A region name: lowercase letters, digits and single dashes (<c>eu-west-1</c>).</summary>
    public static string ValidateRegion(string region, string source)
    {
        ArgumentNullException.ThrowIfNull(region);
        var valid = region.Length is > 0 and <= 32
            && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && region[0] != '-' && region[^1] != '-' && !region.Contains("--", StringComparison.Ordinal);
        return valid
            ? region
            : throw AssumeRoleException.BadInput($"invalid region '{RoleNames.Printable(region)}' from {source}: expected a region name such as eu-west-1");
    }

    /// <summary>An http(s) URL without user info; a bad-input error naming <paramref name="source"/> otherwise.</summary>
    public static Uri ValidateEndpoint(string endpoint, string source)
    {
        var parsed = Uri.TryCreate(endpoint, UriKind.Absolute, out var uri);
        if (parsed && !string.IsNullOrEmpty(uri!.UserInfo))
        {
            // Never echo what may be a password.
            throw AssumeRoleException.BadInput($"invalid endpoint URL from {source}: it must not contain a user name or password");
        }

        if (parsed && (uri!.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !endpoint.Any(char.IsControl))
        {
            return uri;
        }

        throw AssumeRoleException.BadInput($"invalid endpoint URL '{RoleNames.Printable(endpoint)}' from {source}: expected http(s)://host[:port]");
    }
}
