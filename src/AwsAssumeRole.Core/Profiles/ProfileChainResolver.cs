using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// Turns the selected profile into a <see cref="ProfileChain"/>, deciding where the source
/// credentials come from in the order the AWS CLI looks: keys in the environment (unless
/// <c>--profile</c> is given), the profile's <c>role_arn</c> (following <c>source_profile</c>: in the
/// selected profile <c>role_arn</c> wins over keys; in a source profile keys win over
/// <c>role_arn</c>; a profile may name itself as <c>source_profile</c> to use its own keys), web
/// identity, SSO (<see cref="SsoProfiles"/>), keys in the credentials file, <c>credential_process</c>, keys in the
/// config file, then the container endpoint and instance metadata. Reads files and variables only:
/// nothing is fetched and nothing is called.
/// </summary>
public sealed class ProfileChainResolver(IEnvironment environment, ProfileStore store)
{
    /// <summary>The values <c>credential_source</c> accepts, as the AWS CLI spells them.</summary>
    public static readonly IReadOnlyList<string> CredentialSources = ["Environment", "Ec2InstanceMetadata", "EcsContainer"];

    /// <summary>
    /// The chain for <paramref name="profileOption"/> (<c>--profile</c>), else <c>AWS_DEFAULT_PROFILE</c>,
    /// else <c>AWS_PROFILE</c>, else <c>default</c> (the AWS CLI v1's order). Without <c>--profile</c>,
    /// keys in the environment win over any profile, as in the AWS CLI: then a missing profile named by
    /// a variable is no error (the selected profile still gives region and endpoint when it exists).
    /// </summary>
    public ProfileChain Resolve(string? profileOption)
    {
        var (name, origin) =
            profileOption is not null ? (profileOption, string.Empty)
            : environment.Get(EnvironmentVariables.DefaultProfile) is { } fromDefault ? (fromDefault, " (from AWS_DEFAULT_PROFILE)")
            : environment.Get(EnvironmentVariables.Profile) is { } fromProfile ? (fromProfile, " (from AWS_PROFILE)")
            : ("default", null);
        var profile = store.Find(name);
        var environmentAllowed = profileOption is null;
        var keysWin = environmentAllowed && environment.Get(EnvironmentVariables.AccessKeyId) is not null;
        if (profile is null && !keysWin && origin is not null)
        {
            throw AssumeRoleException.BadInput($"profile '{RoleNames.Printable(name)}'{origin} not found in {store.Files.Describe()}");
        }

        var hops = new List<Hop>();
        var source =
            keysWin ? new CredentialSource(SourceKind.EnvironmentVariables, "environment variables")
            : profile is { AssumesRole: true } ? FollowRole(profile, [profile.Name], hops)
            : Leaf(profile, name, environmentAllowed, description: null) ?? LastResort(name, profile, environmentAllowed);
        return new ProfileChain(source, hops, profile?.Get("region"), profile?.Get("endpoint_url"), profile?.Get("sts_regional_endpoints"))
        {
            Profile = profile,
            CaBundle = profile?.Get("ca_bundle"),
            Services = ServicesSection.For(profile, store),
        };
    }

    // Adds the hops for `profile` (which assumes a role) after those of its sources; returns the source.
    private CredentialSource FollowRole(ConfigProfile profile, List<string> visited, List<Hop> hops)
    {
        var hop = ReadHop(profile);
        var sourceProfile = profile.Get("source_profile");
        var credentialSource = profile.Get("credential_source");
        CredentialSource source;
        if (sourceProfile is not null && credentialSource is not null)
        {
            throw Bad(profile, "it has both source_profile and credential_source; keep one");
        }
        else if (credentialSource is not null)
        {
            source = FromCredentialSource(profile, credentialSource);
        }
        else if (sourceProfile is null)
        {
            throw Bad(profile, "it has role_arn but neither source_profile nor credential_source to say whose credentials assume the role");
        }
        else if (sourceProfile == profile.Name)
        {
            // Allowed by the AWS CLI: the profile's own keys assume its role.
            source = profile.HasStaticKeys
                ? SourceLeaf(profile, $"profile '{profile.Name}' (its own keys)")
                : throw Loop(visited, sourceProfile);
        }
        else if (visited.Contains(sourceProfile))
        {
            throw Loop(visited, sourceProfile);
        }
        else
        {
            var next = store.Find(sourceProfile)
                ?? throw AssumeRoleException.BadInput(
                    $"profile '{RoleNames.Printable(sourceProfile)}' (source_profile of profile '{profile.Name}') not found in {store.Files.Describe()}");
            visited.Add(sourceProfile);
            source = next.HasStaticKeys || !next.AssumesRole
                ? SourceLeaf(next, $"profile '{next.Name}' (source_profile of '{profile.Name}')")
                : FollowRole(next, visited, hops);
        }

        hops.Add(hop);
        return source;
    }

    private static Hop ReadHop(ConfigProfile profile)
    {
        try
        {
            var role = RoleArn.Parse(profile.Get("role_arn")!);
            var duration = profile.Get("duration_seconds") is { } seconds ? DurationSeconds(seconds) : (int?)null;
            return new Hop(RoleReference.Parse(role.ToString()), new HopParameters
            {
                Profile = profile.Name,
                ExternalId = profile.Get("external_id") is { } externalId ? ExternalIds.Validate(externalId, "external_id") : null,
                MfaSerial = profile.Get("mfa_serial") is { } serial ? MfaCodes.ValidateSerial(serial, "mfa_serial") : null,
                SessionName = profile.Get("role_session_name") is { } sessionName ? SessionNames.Validate(sessionName, "role_session_name") : null,
                DurationSeconds = duration,
                DurationOrigin = duration is null ? null : $"duration_seconds of profile '{profile.Name}'",
                SourceIdentity = profile.Get("source_identity") is { } sourceIdentity ? SourceIdentities.Validate(sourceIdentity, "source_identity") : null,
            });
        }
        catch (AssumeRoleException e)
        {
            throw e.WithContext(profile.Describe());
        }
    }

    // The AWS CLI takes whole seconds here, not 1h.
    private static int DurationSeconds(string text) =>
        text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit)
            ? Durations.Parse(text, "duration_seconds")
            : throw AssumeRoleException.BadInput($"invalid duration_seconds '{RoleNames.Printable(text)}': give whole seconds, 900 to 43200");

    private CredentialSource FromCredentialSource(ConfigProfile profile, string value)
    {
        var description = $"credential_source {value} of profile '{profile.Name}'";
        return value switch
        {
            "Environment" => new CredentialSource(SourceKind.EnvironmentVariables, $"environment variables ({description})"),
            "Ec2InstanceMetadata" => new CredentialSource(SourceKind.InstanceMetadata, $"EC2 instance metadata ({description})"),
            "EcsContainer" => new CredentialSource(SourceKind.ContainerCredentials, $"the container credentials endpoint ({description})"),
            _ => throw Bad(profile, $"invalid credential_source '{RoleNames.Printable(value)}': choose one of {string.Join(", ", CredentialSources)}"),
        };
    }

    // A profile that is a source of credentials for a role, not a role to assume: it must have some.
    private CredentialSource SourceLeaf(ConfigProfile profile, string description) =>
        Leaf(profile, profile.Name, environmentAllowed: false, description)
        ?? throw Bad(profile, SsoProfiles.SignsIn(profile)
            ? "it has no credentials: it names an SSO sign-in but no sso_account_id and sso_role_name to take a role's credentials from"
            : "it has no credentials: give it aws_access_key_id and aws_secret_access_key, credential_process, web_identity_token_file, sso_account_id and sso_role_name, or role_arn with a source");

    /// <summary>
    /// The credentials a profile holds itself, in the order of the AWS CLI's providers; null when it
    /// holds none. Web identity may come from the environment for the selected profile.
    /// </summary>
    private CredentialSource? Leaf(ConfigProfile? profile, string name, bool environmentAllowed, string? description)
    {
        description ??= $"profile '{name}'";
        if (WebIdentity(profile, environmentAllowed, description) is { } webIdentity)
        {
            return webIdentity;
        }

        if (profile is null)
        {
            return null;
        }

        if (SsoProfiles.IsSource(profile))
        {
            var sso = SsoProfiles.Source(profile, store);
            return new CredentialSource(SourceKind.Sso, $"{description} (SSO account {sso.AccountId}, role {sso.RoleName})") { ProfileName = profile.Name, Sso = sso };
        }

        if (profile.CredentialsKeys is { } credentialsKeys && StaticKeys(profile, credentialsKeys, store.Files.CredentialsPath, description) is { } inCredentialsFile)
        {
            return inCredentialsFile;
        }

        if (profile.Get("login_session") is not null)
        {
            throw AssumeRoleException.BadInput(
                $"{profile.Describe()}: it signs in with aws login (login_session), which aws-assume-role does not support",
                $"use another profile with credential_process = aws configure export-credentials --profile {profile.Name} --format process (AWS CLI v2)");
        }

        if (profile.Get("credential_process") is { } command)
        {
            return new CredentialSource(SourceKind.CredentialProcess, description) { ProfileName = profile.Name, Command = command };
        }

        if (profile.ConfigKeys is { } configKeys && StaticKeys(profile, configKeys, store.Files.ConfigPath, description) is { } inConfigFile)
        {
            return inConfigFile;
        }

        return profile.Get("aws_secret_access_key") is not null
            ? throw Bad(profile, "it has aws_secret_access_key but no aws_access_key_id")
            : null;
    }

    // The web identity provider reads each setting from the environment first (unless --profile
    // is given), then from the profile.
    private WebIdentitySource? WebIdentitySettings(ConfigProfile? profile, bool environmentAllowed, out string? tokenFrom)
    {
        string? FromEnvironment(string variable) => environmentAllowed ? environment.Get(variable) : null;
        var tokenFile = FromEnvironment(EnvironmentVariables.WebIdentityTokenFile);
        tokenFrom = tokenFile is null ? null : EnvironmentVariables.WebIdentityTokenFile;
        tokenFile ??= profile?.Get("web_identity_token_file");
        if (tokenFile is null)
        {
            return null;
        }

        var roleArn = FromEnvironment(EnvironmentVariables.RoleArn) ?? profile?.Get("role_arn");
        var sessionName = FromEnvironment(EnvironmentVariables.RoleSessionName) ?? profile?.Get("role_session_name");
        return new WebIdentitySource(tokenFile, roleArn ?? string.Empty, sessionName);
    }

    private CredentialSource? WebIdentity(ConfigProfile? profile, bool environmentAllowed, string description)
    {
        if (WebIdentitySettings(profile, environmentAllowed, out var tokenFrom) is not { } settings)
        {
            return null;
        }

        var where = tokenFrom is null ? description : "environment variables (AWS_WEB_IDENTITY_TOKEN_FILE)";
        try
        {
            if (settings.RoleArn.Length == 0)
            {
                throw AssumeRoleException.BadInput("web identity needs a role: set AWS_ROLE_ARN or role_arn next to web_identity_token_file");
            }

            return new CredentialSource(SourceKind.WebIdentity, $"web identity of {where}")
            {
                ProfileName = profile?.Name,
                WebIdentity = settings with
                {
                    // The AWS CLI opens a relative path from the current directory; the AWS SDK wants it absolute.
                    TokenFile = Path.GetFullPath(settings.TokenFile),
                    RoleArn = RoleArn.Parse(settings.RoleArn).ToString(),
                    SessionName = settings.SessionName is { } sessionName ? SessionNames.Validate(sessionName, "role_session_name") : null,
                },
            };
        }
        catch (AssumeRoleException e) when (tokenFrom is null && profile is not null)
        {
            throw e.WithContext(profile.Describe());
        }
    }

    // The keys of one file's section, as the AWS CLI's shared-credentials and config providers read them.
    private static CredentialSource? StaticKeys(ConfigProfile profile, IReadOnlyDictionary<string, string> section, string file, string description)
    {
        if (ConfigProfile.Value(section, "aws_access_key_id") is not { } accessKey)
        {
            return null;
        }

        var secret = ConfigProfile.Value(section, "aws_secret_access_key")
            ?? throw AssumeRoleException.BadInput($"profile '{profile.Name}' in {file}: it has aws_access_key_id but no aws_secret_access_key");
        var token = ConfigProfile.Value(section, "aws_security_token") ?? ConfigProfile.Value(section, "aws_session_token");
        return new CredentialSource(SourceKind.StaticKeys, description)
        {
            ProfileName = profile.Name,
            Keys = new AwsCredentials(accessKey, secret, token, null),
        };
    }

    // No credentials in the environment or the profile: the container endpoint when it is
    // configured, else instance metadata unless it is switched off, else nothing.
    private CredentialSource LastResort(string name, ConfigProfile? profile, bool environmentAllowed)
    {
        if (environment.Get(EnvironmentVariables.ContainerCredentialsRelativeUri) is not null || environment.Get(EnvironmentVariables.ContainerCredentialsFullUri) is not null)
        {
            return new CredentialSource(SourceKind.ContainerCredentials, "the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*)");
        }

        var metadataOff = string.Equals(environment.Get(EnvironmentVariables.Ec2MetadataDisabled), "true", StringComparison.OrdinalIgnoreCase);
        var looked = string.Join(", ", new[]
        {
            environmentAllowed ? "environment variables (no AWS_ACCESS_KEY_ID)" : null,
            profile is null ? $"profile '{RoleNames.Printable(name)}' (not in {store.Files.Describe()})"
                : SsoProfiles.SignsIn(profile) ? $"{profile.Describe()} (no credentials in it: an SSO sign-in but no sso_account_id and sso_role_name)"
                : $"{profile.Describe()} (no credentials in it)",
            "the container credentials endpoint (no AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI)",
            metadataOff ? "EC2 instance metadata (off: AWS_EC2_METADATA_DISABLED=true)" : null,
        }.OfType<string>());
        return metadataOff
            ? new CredentialSource(SourceKind.None, "nowhere") { NotFound = looked }
            : new CredentialSource(SourceKind.InstanceMetadata, "EC2 instance metadata") { NotFound = looked };
    }

    private static AssumeRoleException Loop(List<string> visited, string again) =>
        AssumeRoleException.BadInput($"source_profile loop: {string.Join(" -> ", visited.Append(again).Select(p => $"'{RoleNames.Printable(p)}'"))}");

    private static AssumeRoleException Bad(ConfigProfile profile, string problem) =>
        AssumeRoleException.BadInput($"{profile.Describe()}: {problem}");
}
