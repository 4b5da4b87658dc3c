using System.Text.Json;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The cache keys of a chain: one per prefix (hop 1, hops 1-2, ...), each the SHA-256 of a
/// canonical JSON text of everything that decides that prefix's credentials. Keys are built from
/// what the user gave, so they are known before any network call: the source access key ID (never
/// the secret), the region and endpoint, the chain's session name option, and for each hop the
/// role reference as given and all of its <see cref="HopParameters"/>. A bare role name's
/// resolution and a derived session name follow from the source identity and the hops before it,
/// which the key already holds.
/// </summary>
public sealed class CacheKeys
{
    /// <summary>Changes whenever the canonical form or the entry format changes, so old entries are never misread.</summary>
    public const string FormatTag = "aws-assume-role/cache/1";

    private readonly string sourceAccessKeyId;
    private readonly ChainPlan plan;
    private readonly StsEndpoint endpoint;
    private readonly string[] keys;
    private string? sourceIdentity;

    private CacheKeys(string sourceAccessKeyId, ChainPlan plan, StsEndpoint endpoint)
    {
        this.sourceAccessKeyId = sourceAccessKeyId;
        this.plan = plan;
        this.endpoint = endpoint;
        keys = new string[plan.Hops.Count];
        for (var count = 1; count <= plan.Hops.Count; count++)
        {
            keys[count - 1] = Sha256.HexOf(CanonicalBytes(count));
        }
    }

    /// <summary><c>Keys[i]</c> is the key of hops 1 to i+1.</summary>
    public IReadOnlyList<string> Keys => keys;

    /// <summary>
    /// The key of the source identity: the source access key ID (never the secret), the region and
    /// the endpoint, which decide what <c>GetCallerIdentity</c> answers; no hop.
    /// </summary>
    public string SourceIdentity => sourceIdentity ??= Sha256.HexOf(CanonicalSourceIdentityBytes());

    /// <summary>The keys of <paramref name="plan"/> started from the source key <paramref name="sourceAccessKeyId"/>.</summary>
    public static CacheKeys For(string sourceAccessKeyId, ChainPlan plan, StsEndpoint endpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceAccessKeyId);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(endpoint);
        return new CacheKeys(sourceAccessKeyId, plan, endpoint);
    }

    /// <summary>
    /// The key of the role credentials IAM Identity Center hands out for <paramref name="source"/>:
    /// the sign-in (start URL and session name), the account, the role, and where the portal is.
    /// Never the token, which changes with every login while the credentials it got stay good.
    /// </summary>
    public static string ForSsoSource(Profiles.SsoSource source, Uri portal)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(portal);
        return Hash(writer =>
        {
            writer.WriteString("cache", SourceEntryJson.FormatTag);
            writer.WriteString("kind", "sso");
            writer.WriteString("startUrl", source.Session.StartUrl);
            writer.WriteString("sessionName", source.Session.SessionName);
            writer.WriteString("region", source.Session.Region);
            writer.WriteString("portal", portal.AbsoluteUri);
            writer.WriteString("accountId", source.AccountId);
            writer.WriteString("roleName", source.RoleName);
        });
    }

    /// <summary>
    /// The key whose lock serialises refreshing the SSO token in the AWS CLI's cache file
    /// <paramref name="tokenFileName"/>, so that runs started together refresh it once.
    /// </summary>
    public static string ForSsoTokenRefresh(string tokenFileName)
    {
        ArgumentNullException.ThrowIfNull(tokenFileName);
        return Hash(writer =>
        {
            writer.WriteString("cache", "aws-assume-role/sso-token-refresh/1");
            writer.WriteString("tokenFile", tokenFileName);
        });
    }

    private static string Hash(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Sha256.HexOf(buffer.ToArray());
    }

    /// <summary>True when <paramref name="text"/> has the shape of a key: 64 lowercase hex digits.</summary>
    public static bool IsKey(ReadOnlySpan<char> text) =>
        text.Length == 64 && !text.ContainsAnyExcept("0123456789abcdef");

    /// <summary>The canonical text hashed for the first <paramref name="hopCount"/> hops.</summary>
    public string CanonicalForm(int hopCount) => System.Text.Encoding.UTF8.GetString(CanonicalBytes(hopCount));

    /// <summary>
    /// Every field of <see cref="HopParameters"/>, in a fixed order. A field added to HopParameters
    /// must be added here (the unit test that varies each property by reflection fails until it is).
    /// Secrets that change per call (an MFA code) never belong here; the MFA serial does.
    /// </summary>
    public static void WriteHopParameters(Utf8JsonWriter writer, HopParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(parameters);
        writer.WriteNumber("durationSeconds", parameters.RequestedSeconds);
        writer.WriteString("externalId", parameters.ExternalId);
        writer.WriteString("sessionName", parameters.SessionName);
        writer.WriteString("profile", parameters.Profile);
        writer.WriteString("mfaSerial", parameters.MfaSerial);
        writer.WriteString("sourceIdentity", parameters.SourceIdentity);

        // Tag and policy-ARN order does not change what STS issues: sort them so it does not change the key.
        writer.WriteStartArray("tags");
        foreach (var tag in parameters.Tags.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(tag.Key);
            writer.WriteStringValue(tag.Value);
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        WriteSortedStrings(writer, "transitiveTagKeys", parameters.Tags.TransitiveKeys);
        writer.WriteString("policy", parameters.Policy is { } policy ? CanonicalJson.Canonicalize(policy) : null);
        WriteSortedStrings(writer, "policyArns", parameters.PolicyArns);

        // DurationOrigin is deliberately absent: it only names the option or profile key in messages.
    }

    private static void WriteSortedStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values.Order(StringComparer.Ordinal))
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private byte[] CanonicalSourceIdentityBytes()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("cache", FormatTag);
            writer.WriteString("kind", "sourceIdentity");
            writer.WriteString("sourceAccessKeyId", sourceAccessKeyId);
            writer.WriteString("region", endpoint.Region);
            writer.WriteString("endpoint", endpoint.EndpointUrl?.AbsoluteUri);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private byte[] CanonicalBytes(int hopCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hopCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hopCount, plan.Hops.Count);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("cache", FormatTag);
            writer.WriteString("sourceAccessKeyId", sourceAccessKeyId);
            writer.WriteString("region", endpoint.Region);
            writer.WriteString("endpoint", endpoint.EndpointUrl?.AbsoluteUri);
            writer.WriteString("sessionName", plan.SessionName);
            writer.WriteStartArray("hops");
            foreach (var hop in plan.Hops.Take(hopCount))
            {
                writer.WriteStartObject();
                writer.WriteString("role", hop.Role.Text);
                WriteHopParameters(writer, hop.Parameters);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
