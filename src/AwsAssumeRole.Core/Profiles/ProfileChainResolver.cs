using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Session;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// Turns the selected profile into a <see cref="ProfileChain"/>, following <c>source_profile</c> the
/// way the AWS CLI does: in the selected profile <c>role_arn</c> wins over keys; in a source profile
/// keys win over <c>role_arn</c>; a profile may name itself as <c>source_profile</c> to use its own
/// keys. Reads files only: nothing is fetched and nothing is called.
/// </summary>
public sealed class ProfileChainResolver(IEnvironment environment, ProfileStore store)
{
    /// <summary>The values <c>credential_source</c> accepts, as the AWS CLI spells them.</summary>
    public static readonly IReadOnlyList<string> CredentialSources = ["Environment", "Ec2InstanceMetadata", "EcsContainer"];

    /// <summary>
    /// The chain for <paramref name="profileOption"/> (<c>--profile</c>), else <c>AWS_PROFILE</c>, else
    /// <c>default</c>. Without <c>--profile</c>, keys in the environment win over any profile, as in the
    /// AWS SDK for .NET: then a missing <c>AWS_PROFILE</c> profile is no error (the selected profile
    /// still gives region and endpoint when it exists).
    /// </summary>
    public ProfileChain Resolve(string? profileOption)
    {
        var fromEnvironment = environment.Get("AWS_PROFILE");
        var name = profileOption ?? fromEnvironment ?? "default";
        var profile = store.Find(name);
        var keysWin = profileOption is null && environment.Get("AWS_ACCESS_KEY_ID") is not null;
        if (profile is null && !keysWin && (profileOption ?? fromEnvironment) is not null)
        {
            var origin = profileOption is null ? " (from AWS_PROFILE)" : string.Empty;
            throw AssumeRoleException.BadInput($"profile '{RoleNames.Printable(name)}'{origin} not found in {store.Files.Describe()}");
        }

        var region = profile?.Get("region");
        var endpointUrl = profile?.Get("endpoint_url");
        var regionalEndpoints = profile?.Get("sts_regional_endpoints");
        var caBundle = profile?.Get("ca_bundle");
        var defaultChain = new CredentialSource(SourceKind.DefaultChain, profile is null ? "the default credential chain" : $"profile '{name}'");
        if (profile is null || keysWin)
        {
            return new ProfileChain(defaultChain with { Description = profile is null ? defaultChain.Description : "environment variables" }, [], region, endpointUrl, regionalEndpoints) { CaBundle = caBundle };
        }

        if (profile.AssumesRole)
        {
            var hops = new List<Hop>();
            var source = FollowRole(profile, [profile.Name], hops);
            return new ProfileChain(source, hops, region, endpointUrl, regionalEndpoints) { CaBundle = caBundle };
        }

        // A profile without a role: with --profile it is the source; otherwise the SDK's chain
        // (which reads AWS_PROFILE itself and falls back to container and instance metadata).
        return new ProfileChain(profileOption is null && !profile.UsesSso ? defaultChain : Leaf(profile, null), [], region, endpointUrl, regionalEndpoints) { CaBundle = caBundle };
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
                ? StaticKeys(profile, $"profile '{profile.Name}' (its own keys)")
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
            source = next.HasStaticKeys || !next.AssumesRole ? Leaf(next, profile.Name) : FollowRole(next, visited, hops);
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

    // A profile that is a source of credentials, not a role to assume.
    private static CredentialSource Leaf(ConfigProfile profile, string? sourceOf)
    {
        var description = sourceOf is null ? $"profile '{profile.Name}'" : $"profile '{profile.Name}' (source_profile of '{sourceOf}')";
        if (profile.HasStaticKeys)
        {
            return StaticKeys(profile, description);
        }

        if (profile.UsesSso)
        {
            throw AssumeRoleException.BadInput(
                $"{profile.Describe()}: it signs in with SSO (sso_*), which aws-assume-role does not support",
                $"use another profile with credential_process = aws configure export-credentials --profile {profile.Name} --format process (AWS CLI v2)");
        }

        string[] sdkKeys = ["credential_process", "web_identity_token_file", "login_session"];
        if (sdkKeys.Any(key => profile.Get(key) is not null))
        {
            return new CredentialSource(SourceKind.SdkProfile, description, profile.Name);
        }

        throw Bad(profile, "it has no credentials: give it aws_access_key_id and aws_secret_access_key, credential_process, SSO settings, or role_arn with a source");
    }

    private static CredentialSource StaticKeys(ConfigProfile profile, string description)
    {
        var accessKey = profile.Get("aws_access_key_id") ?? throw Bad(profile, "it has aws_secret_access_key but no aws_access_key_id");
        var secret = profile.Get("aws_secret_access_key") ?? throw Bad(profile, "it has aws_access_key_id but no aws_secret_access_key");
        return new CredentialSource(SourceKind.StaticKeys, description, profile.Name, new AwsCredentials(accessKey, secret, profile.Get("aws_session_token"), null));
    }

    private static AssumeRoleException Loop(List<string> visited, string again) =>
        AssumeRoleException.BadInput($"source_profile loop: {string.Join(" -> ", visited.Append(again).Select(p => $"'{RoleNames.Printable(p)}'"))}");

    private static AssumeRoleException Bad(ConfigProfile profile, string problem) =>
        AssumeRoleException.BadInput($"{profile.Describe()}: {problem}");
}
