using System.Globalization;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Sources;

/// <summary>
/// Fetches the credentials a <see cref="ProfileChain"/> starts from, the source that
/// <see cref="ProfileChainResolver"/> chose. Keys in the environment or in a profile are read here;
/// the sources that must call or run something (<c>credential_process</c>, web identity, the
/// container endpoint, instance metadata) go through the AWS SDK's own providers in
/// <see cref="SdkCredentialProviders"/>, and IAM Identity Center through <see cref="Sso"/>. The credentials keep their own expiry, when they have one.
/// </summary>
/// <param name="environment">This process's environment.</param>
/// <param name="endpoint">The STS endpoint, for web identity.</param>
/// <param name="credentialProcessVariables">What a <c>credential_process</c> must find in its environment: the recursion guard's variables.</param>
/// <param name="transport">The HTTP client web identity's STS call goes through, asked for only by the sources that fetch (keys are read without one).</param>
public sealed class SourceCredentialProvider(IProcessEnvironment environment, StsEndpoint endpoint, IReadOnlyList<KeyValuePair<string, string>> credentialProcessVariables, Func<StsTransport> transport) : ISourceCredentialProvider
{
    /// <summary>The hint for every "no credentials" failure.</summary>
    public const string NoCredentialsHint = "set AWS_PROFILE (or give --profile NAME) to a profile with credentials, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";

    /// <summary>Fetches IAM Identity Center role credentials, for <see cref="SourceKind.Sso"/>.</summary>
    public Sso.SsoRoleCredentials? Sso { get; init; }

    /// <summary>
    /// The credentials <paramref name="chain"/> starts from; an SSO source's valid for more than
    /// <paramref name="margin"/> (it may call IAM Identity Center, so it is asynchronous).
    /// </summary>
    public async Task<SourceCredentials> ResolveAsync(ProfileChain chain, TimeSpan margin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.Source.Kind != SourceKind.Sso)
        {
            return Resolve(chain);
        }

        var sso = Sso ?? throw new InvalidOperationException("an SSO source needs SsoRoleCredentials");
        var credentials = await sso.GetAsync(margin, cancellationToken).ConfigureAwait(false);
        return new SourceCredentials(credentials, chain.Source.Description, chain.Region, chain.EndpointUrl);
    }

    /// <inheritdoc />
    public SourceCredentials Resolve(ProfileChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var source = chain.Source;
        var credentials = source.Kind switch
        {
            SourceKind.StaticKeys => source.Keys!,
            SourceKind.EnvironmentVariables => FromEnvironment(source),
            SourceKind.None => throw NotFound(source.NotFound!, null),
            SourceKind.CredentialProcess => CredentialProcess.Run(source.Command!, source.Description, credentialProcessVariables),
            _ => FromSdk(source),
        };
        return new SourceCredentials(credentials, source.Description, chain.Region, chain.EndpointUrl);
    }

    // As the AWS CLI reads them: AWS_SECURITY_TOKEN (the older name) before AWS_SESSION_TOKEN.
    private AwsCredentials FromEnvironment(CredentialSource source)
    {
        var accessKey = environment.Get(EnvironmentVariables.AccessKeyId);
        var secret = environment.Get(EnvironmentVariables.SecretAccessKey);
        if (accessKey is null || secret is null)
        {
            throw AssumeRoleException.AwsFailure(
                accessKey is null ? $"no source credentials in {source.Description}" : $"{source.Description}: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys)");
        }

        var token = environment.Get(EnvironmentVariables.SecurityToken) ?? environment.Get(EnvironmentVariables.SessionToken);
        return new AwsCredentials(accessKey, secret, token, Expiration(environment.Get(EnvironmentVariables.CredentialExpiration)));
    }

    private static DateTimeOffset? Expiration(string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expiration) ? expiration
        : throw AssumeRoleException.BadInput($"invalid AWS_CREDENTIAL_EXPIRATION '{RoleNames.Printable(text)}': expected an ISO 8601 time such as 2026-11-29T01:02:03Z");

    private AwsCredentials FromSdk(CredentialSource source)
    {
        if (source.WebIdentity is { } webIdentity && !File.Exists(webIdentity.TokenFile))
        {
            throw AssumeRoleException.BadInput(
                $"{source.Description}: the web identity token file {PrintableText.Escape(webIdentity.TokenFile)} does not exist",
                "check AWS_WEB_IDENTITY_TOKEN_FILE, or the profile's web_identity_token_file");
        }

        try
        {
            return new SdkCredentialProviders(endpoint, transport()).Fetch(source);
        }
        catch (Exception e) when (e is not (AssumeRoleException or OperationCanceledException))
        {
            if (source.NotFound is { } looked)
            {
                // Instance metadata was only the last place to look: nothing is configured anywhere.
                throw NotFound(looked + $", {source.Description} ({Messages.OneLine(e.Message).TrimEnd('.')})", e);
            }

            throw AssumeRoleException.AwsFailure(
                $"could not get source credentials from {source.Description}: {Messages.OneLine(e.Message)}",
                source.Kind switch
                {
                    SourceKind.WebIdentity => "check the web identity token (is it current?) and that the role's trust policy accepts its issuer",
                    SourceKind.ContainerCredentials => "check AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, and the container's credentials endpoint",
                    SourceKind.InstanceMetadata => "check that this machine has an instance profile, and that instance metadata can be reached",
                    _ => NoCredentialsHint,
                },
                e);
        }
    }

    private static AssumeRoleException NotFound(string looked, Exception? inner) =>
        AssumeRoleException.AwsFailure($"no source credentials found; looked in {looked}", NoCredentialsHint, inner);
}
