using AwsAssumeRole.Core.Output;
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
    public const string ChainVariable = "AWS_ASSUME_ROLE_CHAIN";

    /// <summary>
    /// Removed from the child's environment before the chain's variables are added (README, "Exec"):
    /// the credential variables themselves (replaced; a token or expiry the new credentials lack must
    /// not survive), their legacy spellings, the profile selectors, web identity and container
    /// credentials, the stale account ID, and the tool's own recursion-guard variables.
    /// </summary>
    public static IReadOnlyList<string> RemovedVariables { get; } =
    [
        // Replaced by the chain's credentials.
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",

        // botocore (aws CLI, boto3) takes AWS_SECURITY_TOKEN before AWS_SESSION_TOKEN.
        "AWS_SECURITY_TOKEN",

        // Older spellings some SDKs read (Java v1, Go v1); stale secrets of another identity.
        "AWS_ACCESS_KEY",
        "AWS_SECRET_KEY",

        // A named profile: botocore fails with ProfileNotFound when it is missing, even with keys in
        // the environment; SDKs that prefer a named profile would use its credentials instead.
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",

        // Web identity (EKS IRSA, GitHub OIDC) and container (ECS, EKS Pod Identity) credentials.
        "AWS_ROLE_ARN",
        "AWS_ROLE_SESSION_NAME",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",

        // botocore's legacy credentials file, read when the environment holds no keys.
        "AWS_CREDENTIAL_FILE",

        // botocore attaches it to the environment keys (account-based endpoints): another account's.
        "AWS_ACCOUNT_ID",

        // The recursion guard tracks credential_process nesting, which ends where exec begins.
        "AWS_ASSUME_ROLE_DEPTH",
        "AWS_ASSUME_ROLE_RESOLVING",
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
