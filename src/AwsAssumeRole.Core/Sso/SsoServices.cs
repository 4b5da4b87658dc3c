using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Profiles;

namespace AwsAssumeRole.Core.Sso;

/// <summary>An SSO source and where its calls go, resolved (and checked) before any call.</summary>
/// <param name="Source">The account, role and sign-in.</param>
/// <param name="Portal">The portal's endpoint (<c>GetRoleCredentials</c>).</param>
/// <param name="Oidc">The OIDC service's endpoint (<c>CreateToken</c>).</param>
public sealed record SsoServices(SsoSource Source, SsoEndpoint Portal, SsoEndpoint Oidc)
{
    /// <summary>
    /// The endpoints of <paramref name="source"/>'s <c>sso_region</c>, as the selected profile
    /// configures them; plain HTTP to another machine refused unless <c>--allow-http</c>.
    /// </summary>
    public static SsoServices Resolve(SsoSource source, ProfileChain profiles, ChainRequest request, ChainServices services)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var portal = SsoEndpoint.Resolve(SsoEndpoint.Portal, source.Session.Region, services.Environment, profiles.Profile, profiles.Services);
        var oidc = SsoEndpoint.Resolve(SsoEndpoint.Oidc, source.Session.Region, services.Environment, profiles.Profile, profiles.Services);
        foreach (var endpoint in new[] { portal, oidc })
        {
            if (endpoint.CheckPlainHttp(request.AllowHttp) is { } warning)
            {
                services.Log.Warning(warning);
            }
        }

        services.Log.Debug($"SSO portal {portal.Describe()}, SSO-OIDC {oidc.Describe()}");
        return new SsoServices(source, portal, oidc);
    }
}
