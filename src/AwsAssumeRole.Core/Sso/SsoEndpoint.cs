using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Sso;

/// <summary>
/// Where the calls to one IAM Identity Center service go: the portal (<c>sso</c>:
/// <c>GetRoleCredentials</c>) or the OIDC service (<c>sso_oidc</c>: <c>CreateToken</c> and the
/// device login). By default the service's host in <see cref="Region"/>
/// (<c>portal.sso.REGION.amazonaws.com</c>, <c>oidc.REGION.amazonaws.com</c>); or the endpoint the
/// configuration names, in botocore's order: <c>AWS_ENDPOINT_URL_SSO</c> (or <c>_SSO_OIDC</c>),
/// <c>AWS_ENDPOINT_URL</c>, the <c>endpoint_url</c> under the service in the selected profile's
/// <c>[services]</c> section, the selected profile's <c>endpoint_url</c> — none of them when
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true.
/// </summary>
/// <param name="ServiceId">botocore's service ID in snake case: <c>sso</c> or <c>sso_oidc</c>.</param>
/// <param name="Region">The <c>sso_region</c>.</param>
/// <param name="EndpointUrl">The configured endpoint, or null for AWS's own.</param>
public sealed record SsoEndpoint(string ServiceId, string Region, Uri? EndpointUrl)
{
    /// <summary>The portal's service ID.</summary>
    public const string Portal = "sso";

    /// <summary>The OIDC service's ID.</summary>
    public const string Oidc = "sso_oidc";

    /// <summary>Where requests go.</summary>
    public Uri ServiceUri => EndpointUrl ?? new Uri(AwsHost);

    /// <summary>Where requests go, for messages (never with a user name or password).</summary>
    public string Describe() => EndpointUrl is { } url ? PrintableText.Url(url) : AwsHost;

    private string AwsHost
    {
        get
        {
            var suffix = Region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
            return ServiceId == Portal ? $"https://portal.sso.{Region}.{suffix}" : $"https://oidc.{Region}.{suffix}";
        }
    }

    /// <summary>The endpoint of <paramref name="serviceId"/> for <paramref name="region"/>, as configured for the selected profile.</summary>
    public static SsoEndpoint Resolve(string serviceId, string region, IEnvironment environment, ConfigProfile? selected, ServicesSection? services)
    {
        ArgumentNullException.ThrowIfNull(serviceId);
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(environment);
        if (string.Equals(environment.Get(EnvironmentVariables.IgnoreConfiguredEndpointUrls), "true", StringComparison.OrdinalIgnoreCase))
        {
            return new SsoEndpoint(serviceId, region, null);
        }

        var variable = EnvironmentVariables.EndpointUrl + "_" + serviceId.ToUpperInvariant();
        var (url, source) =
            environment.Get(variable) is { } fromService ? (fromService, variable)
            : environment.Get(EnvironmentVariables.EndpointUrl) is { } fromGlobal ? (fromGlobal, EnvironmentVariables.EndpointUrl)
            : services?.EndpointUrl(serviceId) is { } fromSection ? (fromSection, $"{serviceId} endpoint_url in [services {services.Name}] in {services.File}")
            : selected?.Get("endpoint_url") is { } fromProfile ? (fromProfile, $"endpoint_url of {selected.Describe("endpoint_url")}")
            : (null, string.Empty);
        return new SsoEndpoint(serviceId, region, url is null ? null : StsEndpoint.ValidateEndpoint(url, source));
    }

    /// <summary>
    /// Plain <c>http://</c> to another machine would carry the SSO access token (or the refresh token
    /// and client secret) unencrypted: refused unless <paramref name="allowPlainHttp"/>, as for STS;
    /// returns the warning to print then. Null when there is nothing to say.
    /// </summary>
    public string? CheckPlainHttp(bool allowPlainHttp)
    {
        if (EndpointUrl is not { } url || url.Scheme != Uri.UriSchemeHttp || url.IsLoopback)
        {
            return null;
        }

        return allowPlainHttp
            ? $"{Describe()} is plain HTTP: the SSO tokens and the role's credentials travel unencrypted (--allow-http)"
            : throw AssumeRoleException.BadInput(
                $"refusing to send the SSO access token to {Describe()} over plain HTTP: anyone on the way could read it",
                $"use an https:// endpoint (AWS_ENDPOINT_URL_{ServiceId.ToUpperInvariant()}, AWS_ENDPOINT_URL, the profile's services section or endpoint_url), or add --allow-http to send it unencrypted anyway");
    }
}
