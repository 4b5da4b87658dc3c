using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Exec;

/// <summary>
/// The environment of the command run after <c>--</c>: the tool's own, minus every variable that
/// could make an AWS SDK pick other credentials (or another account) than the chain's, plus the
/// chain's credentials, the region when one is known, and <see cref="ChainVariable"/>.
/// </summary>
public static class ChildEnvironment
{
    /// <summary>Holds the ARN of the role at the end of the chain, for prompts and for nesting.</summary>
    public const string ChainVariable = EnvironmentVariables.Chain;

    /// <summary>
    /// Removed from the child's environment before the chain's variables are added (README, "Exec"):
    /// the credential variables themselves (replaced; a token or expiry the new credentials lack must
    /// not survive), their legacy spellings, the profile selectors, web identity and container
    /// credentials, the stale account ID, and the tool's own recursion-guard variables.
    /// </summary>
    public static IReadOnlyList<string> RemovedVariables { get; } =
    [
        // Replaced by the chain's credentials.
        EnvironmentVariables.AccessKeyId,
        EnvironmentVariables.SecretAccessKey,
        EnvironmentVariables.SessionToken,
        EnvironmentVariables.CredentialExpiration,

        // botocore (aws CLI, boto3) takes AWS_SECURITY_TOKEN before AWS_SESSION_TOKEN.
        EnvironmentVariables.SecurityToken,

        // Older spellings some SDKs read (Java v1, Go v1); stale secrets of another identity.
        EnvironmentVariables.LegacyAccessKey,
        EnvironmentVariables.LegacySecretKey,

        // A named profile: botocore fails with ProfileNotFound when it is missing, even with keys in
        // the environment; SDKs that prefer a named profile would use its credentials instead.
        EnvironmentVariables.Profile,
        EnvironmentVariables.DefaultProfile,

        // Web identity (EKS IRSA, GitHub OIDC) and container (ECS, EKS Pod Identity) credentials.
        EnvironmentVariables.RoleArn,
        EnvironmentVariables.RoleSessionName,
        EnvironmentVariables.WebIdentityTokenFile,
        EnvironmentVariables.ContainerCredentialsFullUri,
        EnvironmentVariables.ContainerCredentialsRelativeUri,
        EnvironmentVariables.ContainerAuthorizationToken,
        EnvironmentVariables.ContainerAuthorizationTokenFile,

        // botocore's legacy credentials file, read when the environment holds no keys.
        EnvironmentVariables.LegacyCredentialFile,

        // botocore attaches it to the environment keys (account-based endpoints): another account's.
        EnvironmentVariables.AccountId,

        // The recursion guard tracks credential_process nesting, which ends where exec begins.
        EnvironmentVariables.Depth,
        EnvironmentVariables.Resolving,
    ];

    /// <summary>
    /// The child's environment: <paramref name="parent"/> without <see cref="RemovedVariables"/>
    /// (matched ignoring case, as Windows does), then <see cref="IssuedCredentials.Variables"/> and
    /// <see cref="ChainVariable"/> set to <paramref name="finalRole"/>, replacing any earlier value
    /// (a nested exec updates the marker).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Build(IReadOnlyDictionary<string, string> parent, IssuedCredentials issued, RoleArn finalRole)
    {
        ArgumentNullException.ThrowIfNull(issued);
        ArgumentNullException.ThrowIfNull(finalRole);
        return Build(parent, issued.Variables().Append(new(ChainVariable, finalRole.ToString())));
    }

    /// <summary>
    /// The child's environment: <paramref name="parent"/> without <see cref="RemovedVariables"/>
    /// (matched ignoring case), then <paramref name="variables"/>, replacing any earlier value.
    /// <c>serve</c> adds its endpoint's variables instead of credentials, so the child's SDKs ask
    /// the endpoint, which no stale key, profile or token in the environment can pre-empt.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Build(IReadOnlyDictionary<string, string> parent, IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(variables);
        var added = variables.ToList();
        var child = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parent)
        {
            var replaced = added.Any(v => string.Equals(v.Key, name, StringComparison.OrdinalIgnoreCase));
            if (!replaced && !RemovedVariables.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                child[name] = value;
            }
        }

        foreach (var (name, value) in added)
        {
            PrintableValues.RejectNul(name, value);
            child[name] = value;
        }

        return child;
    }
}
