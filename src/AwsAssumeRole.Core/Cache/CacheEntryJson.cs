using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The cache file format: one JSON object, read and written through a source-generated serializer
/// (no reflection), then validated. Reading is strict: anything that is not exactly a well-formed
/// entry for the expected key (empty, truncated, foreign, another format version, long-term keys)
/// is refused, and the caller treats it as a miss.
/// </summary>
public static class CacheEntryJson
{
    /// <summary>No entry is anywhere near this size; a bigger file is refused without reading it all.</summary>
    public const int MaxBytes = 64 * 1024;

    private const string ExpirationFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The file's bytes.</summary>
    public static byte[] Write(CacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var credentials = entry.Hop.Credentials;
        if (credentials.SessionToken is null || credentials.Expiration is null)
        {
            // The cache holds what AssumeRole returned, never long-term keys.
            throw new ArgumentException("only temporary credentials with an expiry are cached", nameof(entry));
        }

        var document = new CacheEntryDocument
        {
            Format = CacheKeys.FormatTag,
            Key = entry.Key,
            Source = entry.Source,
            Roles = [.. entry.Hop.Roles],
            AssumedRoleArn = entry.Hop.AssumedRoleArn,
            SessionName = entry.Hop.SessionName,
            AccessKeyId = credentials.AccessKeyId,
            SecretAccessKey = credentials.SecretAccessKey,
            SessionToken = credentials.SessionToken,
            Expiration = credentials.Expiration.Value.UtcDateTime.ToString(ExpirationFormat, CultureInfo.InvariantCulture),
        };
        return [.. JsonSerializer.SerializeToUtf8Bytes(document, CacheJsonContext.Default.CacheEntryDocument), (byte)'\n'];
    }

    /// <summary>
    /// The entry in <paramref name="json"/> when it is a complete, valid entry for
    /// <paramref name="expectedKey"/>; otherwise null, with the reason in <paramref name="problem"/>
    /// (for <c>--debug</c>; it never quotes the file's content).
    /// </summary>
    public static CacheEntry? TryRead(ReadOnlySpan<byte> json, string expectedKey, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(expectedKey);
        if (json.IsEmpty)
        {
            problem = "empty file";
            return null;
        }

        if (json.Length > MaxBytes)
        {
            problem = "file too large";
            return null;
        }

        CacheEntryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, CacheJsonContext.Default.CacheEntryDocument);
        }
        catch (JsonException)
        {
            problem = "not a complete JSON entry";
            return null;
        }

        problem = document is null ? "not a JSON object" : Validate(document, expectedKey);
        if (problem is not null)
        {
            return null;
        }

        var expiration = DateTimeOffset.ParseExact(document!.Expiration!, ExpirationFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return new CacheEntry(
            document.Key!,
            document.Source!,
            new CachedHop(
                [.. document.Roles!.OfType<string>()],
                document.AssumedRoleArn!,
                document.SessionName!,
                new AwsCredentials(document.AccessKeyId!, document.SecretAccessKey!, document.SessionToken!, expiration)));
    }

    private static string? Validate(CacheEntryDocument document, string expectedKey)
    {
        var fields = new (string Name, string? Value)[]
        {
            ("Format", document.Format), ("Key", document.Key), ("Source", document.Source), ("AssumedRoleArn", document.AssumedRoleArn),
            ("SessionName", document.SessionName), ("AccessKeyId", document.AccessKeyId), ("SecretAccessKey", document.SecretAccessKey),
            ("SessionToken", document.SessionToken), ("Expiration", document.Expiration),
        };
        if (fields.FirstOrDefault(f => string.IsNullOrEmpty(f.Value)) is { Name: { } missing })
        {
            return $"field {missing} missing";
        }

        if (document.Format != CacheKeys.FormatTag)
        {
            return "another format version";
        }

        if (document.Key != expectedKey)
        {
            return "an entry for another key";
        }

        if (document.Roles is not { Count: > 0 } roles || roles.Any(r => !IsRoleArn(r)))
        {
            return "bad role list";
        }

        if (IdentityArn.TryParse(document.AssumedRoleArn) is null)
        {
            return "bad assumed-role ARN";
        }

        var session = document.SessionName!;
        if (session.Length is < SessionNames.MinLength or > SessionNames.MaxLength || !session.All(RoleNames.IsNameChar))
        {
            return "bad session name";
        }

        if (!DateTimeOffset.TryParseExact(document.Expiration, ExpirationFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return "bad expiration";
        }

        return null;
    }

    private static bool IsRoleArn(string? text)
    {
        if (text is null)
        {
            return false;
        }

        try
        {
            return RoleArn.Parse(text).ToString() == text;
        }
        catch (Errors.AssumeRoleException)
        {
            return false;
        }
    }
}

/// <summary>One cache file as JSON: every field a string (the role list an array of them); unknown fields are skipped.</summary>
internal sealed class CacheEntryDocument
{
    public string? Format { get; set; }

    public string? Key { get; set; }

    public string? Source { get; set; }

    public List<string?>? Roles { get; set; }

    public string? AssumedRoleArn { get; set; }

    public string? SessionName { get; set; }

    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string? SessionToken { get; set; }

    public string? Expiration { get; set; }
}

/// <summary>The source-generated (reflection-free, Native AOT safe) serializer of cache files.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, NewLine = "\n", ReadCommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4)]
[JsonSerializable(typeof(CacheEntryDocument))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
