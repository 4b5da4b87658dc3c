using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// Reads a profile's IAM Identity Center (SSO) settings with the AWS CLI's rules (botocore's
/// <c>SSOProvider</c> and <c>SSOTokenProvider</c>). A profile is an SSO source when it has
/// <c>sso_account_id</c> or <c>sso_role_name</c>; it then needs both, and
/// <c>sso_start_url</c> and <c>sso_region</c>, from itself or from the <c>[sso-session NAME]</c>
/// section its <c>sso_session</c> names (which must exist). A key set both in the profile and in
/// the session must have the same value in both.
/// </summary>
public static class SsoProfiles
{
    /// <summary>The keys that make a profile an SSO source (either one).</summary>
    public static readonly IReadOnlyList<string> SourceKeys = ["sso_account_id", "sso_role_name"];

    /// <summary>The default <c>sso_registration_scopes</c> of an <c>[sso-session]</c>, as the AWS CLI v2 registers.</summary>
    public const string DefaultScope = "sso:account:access";

    /// <summary>True when <paramref name="profile"/> has <c>sso_account_id</c> or <c>sso_role_name</c> (even empty, as botocore counts them).</summary>
    public static bool IsSource(ConfigProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return SourceKeys.Any(profile.Keys.ContainsKey);
    }

    /// <summary>True when <paramref name="profile"/> names an SSO sign-in at all (<c>sso_session</c> or <c>sso_start_url</c>).</summary>
    public static bool SignsIn(ConfigProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return IsSource(profile) || profile.Keys.ContainsKey("sso_session") || profile.Keys.ContainsKey("sso_start_url");
    }

    /// <summary>The account, role and sign-in of an SSO source profile; bad input when a key is missing or conflicts.</summary>
    public static SsoSource Source(ConfigProfile profile, ProfileStore store)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(store);
        var (keys, sessionName) = Merged(profile, store);
        var missing = new[] { "sso_role_name", "sso_account_id", "sso_start_url", "sso_region" }.Where(key => Value(keys, key) is null).ToList();
        if (missing.Count > 0)
        {
            throw Bad(profile, $"it uses SSO (sso_account_id, sso_role_name) but has no {string.Join(", ", missing)}{(sessionName is null ? string.Empty : $" (in the profile or in [sso-session {PrintableText.Escape(sessionName)}])")}");
        }

        var accountId = Value(keys, "sso_account_id")!;
        if (accountId.Length != 12 || !accountId.All(char.IsAsciiDigit))
        {
            throw Bad(profile, $"invalid sso_account_id '{PrintableText.Escape(accountId)}': expected 12 digits");
        }

        var roleName = Value(keys, "sso_role_name")!;
        if (roleName.Length > 64 || !roleName.All(RoleNames.IsNameChar))
        {
            throw Bad(profile, $"invalid sso_role_name '{PrintableText.Escape(roleName)}': expected a role name (letters, digits and +=,.@_-, at most 64)");
        }

        return new SsoSource(Session(profile, keys, sessionName), accountId, roleName, profile.Name);
    }

    /// <summary>
    /// The sign-in of <paramref name="profile"/>, for <c>sso login --profile</c>: its
    /// <c>[sso-session]</c>, or its own <c>sso_start_url</c> and <c>sso_region</c>.
    /// </summary>
    public static SsoSession SessionOf(ConfigProfile profile, ProfileStore store)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(store);
        var (keys, sessionName) = Merged(profile, store);
        var missing = new[] { "sso_start_url", "sso_region" }.Where(key => Value(keys, key) is null).ToList();
        if (missing.Count > 0)
        {
            throw Bad(profile, $"it has no {string.Join(" and ", missing)}{(sessionName is null ? " (nor sso_session naming an [sso-session] section that has them)" : $" (in the profile or in [sso-session {PrintableText.Escape(sessionName)}])")}");
        }

        return Session(profile, keys, sessionName);
    }

    /// <summary>The <c>[sso-session NAME]</c> section alone, for <c>sso login --sso-session NAME</c>.</summary>
    public static SsoSession NamedSession(string name, ProfileStore store)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(store);
        var keys = store.FindSsoSession(name)
            ?? throw AssumeRoleException.BadInput($"no [sso-session {PrintableText.Escape(name)}] section in {store.Files.ConfigPath}");
        var where = $"[sso-session {PrintableText.Escape(name)}] in {store.Files.ConfigPath}";
        var missing = new[] { "sso_start_url", "sso_region" }.Where(key => ConfigProfile.Value(keys, key) is null).ToList();
        return missing.Count > 0
            ? throw AssumeRoleException.BadInput($"{where}: it has no {string.Join(" and ", missing)}")
            : new SsoSession(ConfigProfile.Value(keys, "sso_start_url")!, Region(ConfigProfile.Value(keys, "sso_region")!, where), name, Scopes(ConfigProfile.Value(keys, "sso_registration_scopes")));
    }

    private static SsoSession Session(ConfigProfile profile, IReadOnlyDictionary<string, string> keys, string? sessionName) => new(
        Value(keys, "sso_start_url")!,
        Region(Value(keys, "sso_region")!, profile.Describe("sso_region")),
        sessionName,
        sessionName is null ? [] : Scopes(Value(keys, "sso_registration_scopes")));

    // The profile's keys with its [sso-session]'s over them; a key in both must agree (botocore's
    // _resolve_sso_session_reference).
    private static (IReadOnlyDictionary<string, string> Keys, string? SessionName) Merged(ConfigProfile profile, ProfileStore store)
    {
        if (profile.Get("sso_session") is not { } sessionName)
        {
            return (profile.Keys, null);
        }

        var session = store.FindSsoSession(sessionName)
            ?? throw Bad(profile, $"sso_session = {PrintableText.Escape(sessionName)} names no [sso-session {PrintableText.Escape(sessionName)}] section in {store.Files.ConfigPath}");
        var merged = new Dictionary<string, string>(profile.Keys, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in session)
        {
            if (merged.TryGetValue(key, out var own) && own != value)
            {
                throw Bad(profile, $"{key} is '{PrintableText.Escape(own)}' in the profile but '{PrintableText.Escape(value)}' in [sso-session {PrintableText.Escape(sessionName)}]: keep one");
            }

            merged[key] = value;
        }

        return (merged, sessionName);
    }

    private static string Region(string region, string where)
    {
        try
        {
            return StsEndpoint.ValidateRegion(region, "sso_region");
        }
        catch (AssumeRoleException e)
        {
            throw e.WithContext(where);
        }
    }

    // The AWS CLI v2 splits the list at commas and trims each scope.
    private static IReadOnlyList<string> Scopes(string? text) =>
        text is null ? [DefaultScope] : [.. text.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0)];

    private static string? Value(IReadOnlyDictionary<string, string> keys, string key) => ConfigProfile.Value(keys, key);

    private static AssumeRoleException Bad(ConfigProfile profile, string problem) =>
        AssumeRoleException.BadInput($"{profile.Describe()}: {problem}");
}
