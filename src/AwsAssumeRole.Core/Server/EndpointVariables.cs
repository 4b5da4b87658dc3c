using AwsAssumeRole.Core.Exec;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Server;

/// <summary>
/// The variables through which a process finds the endpoint: the URL and the token, which every AWS
/// SDK's default credential chain reads (the token in the variable itself: the JavaScript SDK's
/// fallback never reads the <c>_FILE</c> variant, and a file ending in a newline breaks botocore).
/// </summary>
public static class EndpointVariables
{
    /// <summary>Where the SDKs ask for credentials.</summary>
    public const string FullUri = EnvironmentVariables.ContainerCredentialsFullUri;

    /// <summary>What they send in <c>Authorization</c>.</summary>
    public const string Token = EnvironmentVariables.ContainerAuthorizationToken;

    /// <summary>The two lines printed without <c>-- COMMAND</c>, in this order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> For(Uri uri, ServerToken token)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(token);
        return [new(FullUri, uri.ToString()), new(Token, token.Text)];
    }

    /// <summary>
    /// The environment of the command run after <c>--</c>: the parent's without any credential,
    /// profile, web-identity or container variable (<see cref="ChildEnvironment.RemovedVariables"/>),
    /// with the endpoint's two variables, <c>AWS_REGION</c> and <c>AWS_DEFAULT_REGION</c> when a
    /// region is known, no shared credentials file (<see cref="CompetingCredentials"/>), and
    /// <see cref="ChildEnvironment.ChainVariable"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ChildEnvironmentFor(IReadOnlyDictionary<string, string> parent, Uri uri, ServerToken token, string? region, RoleArn finalRole)
    {
        ArgumentNullException.ThrowIfNull(finalRole);
        var variables = For(uri, token).ToList();
        if (region is not null)
        {
            variables.Add(new(EnvironmentVariables.Region, region));
            variables.Add(new(EnvironmentVariables.DefaultRegion, region));
        }

        variables.Add(new(EnvironmentVariables.SharedCredentialsFile, CompetingCredentials.NoFile));
        variables.Add(new(ChildEnvironment.ChainVariable, finalRole.ToString()));
        return ChildEnvironment.Build(parent, variables);
    }
}
