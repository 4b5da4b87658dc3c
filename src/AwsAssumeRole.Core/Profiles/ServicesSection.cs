using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// A config file's <c>[services NAME]</c> section, named by a profile's <c>services</c> key: per
/// service, nested settings (botocore reads only <c>endpoint_url</c> from it for endpoints):
/// <code>
/// [services local]
/// sso =
///   endpoint_url = http://127.0.0.1:4000
/// sso_oidc =
///   endpoint_url = http://127.0.0.1:4001
/// </code>
/// </summary>
/// <param name="Name">The section's name.</param>
/// <param name="Keys">Its keys: service IDs in snake case (<c>sso</c>, <c>sso_oidc</c>, <c>sts</c>), each with its nested lines.</param>
/// <param name="File">The config file, for messages.</param>
public sealed record ServicesSection(string Name, IReadOnlyDictionary<string, string> Keys, string File)
{
    /// <summary>
    /// The section the profile's <c>services</c> key names; null when it has none. A name with no such
    /// section is refused, as botocore refuses it for every client it makes.
    /// </summary>
    public static ServicesSection? For(ConfigProfile? profile, ProfileStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (profile?.Get("services") is not { } name)
        {
            return null;
        }

        return store.FindServices(name) is { } keys
            ? new ServicesSection(name, keys, store.Files.ConfigPath)
            : throw AssumeRoleException.BadInput($"{profile.Describe("services")}: services = {Text.PrintableText.Escape(name)} names no [services {Text.PrintableText.Escape(name)}] section in {store.Files.ConfigPath}");
    }

    /// <summary>The <c>endpoint_url</c> nested under <paramref name="serviceId"/>, or null.</summary>
    public string? EndpointUrl(string serviceId)
    {
        ArgumentNullException.ThrowIfNull(serviceId);
        return Keys.TryGetValue(serviceId, out var nested) && Nested(nested).TryGetValue("endpoint_url", out var url) && url.Length > 0 ? url : null;
    }

    // botocore's _parse_nested: each non-empty line is key = value, split at the first '=', both
    // sides stripped, the key kept as written. IniFile has already refused lines without '='.
    private static Dictionary<string, string> Nested(string value)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in value.Split('\n'))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.Trim().Length > 0 && equals > 0)
            {
                parsed[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return parsed;
    }
}
