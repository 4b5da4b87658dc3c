using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Sources;

/// <summary>The credentials the chain starts from, and what their profile says about region and endpoint.</summary>
/// <param name="Credentials">The source credentials.</param>
/// <param name="Description">Where they came from, for messages: <c>profile 'dev'</c>, <c>the default credential chain</c>.</param>
/// <param name="ProfileRegion">The profile's <c>region</c>, or null.</param>
/// <param name="ProfileEndpointUrl">The profile's <c>endpoint_url</c>, or null.</param>
public sealed record SourceCredentials(AwsCredentials Credentials, string Description, string? ProfileRegion, string? ProfileEndpointUrl);

/// <summary>Fetches the source credentials.</summary>
public interface ISourceCredentialProvider
{
    /// <summary>The credentials <paramref name="chain"/> starts from (its <see cref="ProfileChain.Source"/>).</summary>
    SourceCredentials Resolve(ProfileChain chain);
}
