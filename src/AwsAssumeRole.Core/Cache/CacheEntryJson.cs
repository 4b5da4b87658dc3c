using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The cache file format: one JSON object, written through a source-generated serializer (no
/// reflection), read with <see cref="Utf8JsonReader"/> into the same document, then validated.
/// Reading is strict: anything that is not exactly a well-formed entry for the expected key (empty,
/// truncated, foreign, another format version, long-term keys) is refused, and the caller treats it
/// as a miss.
/// </summary>
public static class CacheEntryJson
{
    /// <summary>No entry is anywhere near this size; a bigger file is refused without reading it all.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The <c>Kind</c> of a source identity entry; credentials entries have none.</summary>
    private const string SourceIdentityKind = "SourceIdentity";

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
        var document = Parse(json, out problem);
        problem ??= Validate(document!, expectedKey);
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

    /// <summary>The file's bytes for a source identity.</summary>
    public static byte[] Write(SourceIdentityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var document = new CacheEntryDocument
        {
            Format = CacheKeys.FormatTag,
            Kind = SourceIdentityKind,
            Key = entry.Key,
            Source = entry.Source,
            UserId = entry.Identity.UserId,
            Account = entry.Identity.Account,
            Arn = entry.Identity.Arn,
            Expiration = entry.Expiration.UtcDateTime.ToString(ExpirationFormat, CultureInfo.InvariantCulture),
        };
        return [.. JsonSerializer.SerializeToUtf8Bytes(document, CacheJsonContext.Default.CacheEntryDocument), (byte)'\n'];
    }

    /// <summary>
    /// The source identity in <paramref name="json"/> when it is a complete, valid source identity
    /// entry for <paramref name="expectedKey"/>; otherwise null, with the reason in <paramref name="problem"/>.
    /// </summary>
    public static SourceIdentityEntry? TryReadSourceIdentity(ReadOnlySpan<byte> json, string expectedKey, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(expectedKey);
        var document = Parse(json, out problem);
        if (document is null)
        {
            return null;
        }

        problem = ValidateSourceIdentity(document, expectedKey);
        if (problem is not null)
        {
            return null;
        }

        return new SourceIdentityEntry(
            document.Key!,
            document.Source!,
            new CallerIdentity(document.UserId!, document.Account!, document.Arn!),
            DateTimeOffset.ParseExact(document.Expiration!, ExpirationFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
    }

    private static CacheEntryDocument? Parse(ReadOnlySpan<byte> json, out string? problem)
    {
        problem = json.IsEmpty ? "empty file" : json.Length > MaxBytes ? "file too large" : null;
        if (problem is not null)
        {
            return null;
        }

        try
        {
            var document = ReadDocument(json);
            problem = document is null ? "not a JSON object" : null;
            return document;
        }
        catch (JsonException)
        {
            problem = "not a complete JSON entry";
            return null;
        }
    }

    /// <summary>
    /// The document in <paramref name="json"/>, read as the source-generated serializer reads it: one
    /// object (or <c>null</c>), a string or null for every known field, an array of them for
    /// <c>Roles</c>, unknown fields skipped, nothing after it; <see cref="JsonException"/> for anything
    /// else. Read by hand because the serializer's first use builds its metadata by reflection, which
    /// costs a run the cache answers more than all the rest of its reading.
    /// </summary>
    internal static CacheEntryDocument? ReadDocument(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
        if (!reader.Read())
        {
            throw new JsonException("no JSON value");
        }

        CacheEntryDocument? document = null;
        if (reader.TokenType != JsonTokenType.Null)
        {
            document = reader.TokenType == JsonTokenType.StartObject ? new CacheEntryDocument() : throw new JsonException("not an object");
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                var name = reader.GetString();
                Next(ref reader);
                switch (name)
                {
                    case nameof(CacheEntryDocument.Format): document.Format = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.Kind): document.Kind = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.Key): document.Key = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.Source): document.Source = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.Roles): document.Roles = StringsOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.AssumedRoleArn): document.AssumedRoleArn = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.SessionName): document.SessionName = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.AccessKeyId): document.AccessKeyId = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.SecretAccessKey): document.SecretAccessKey = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.SessionToken): document.SessionToken = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.Expiration): document.Expiration = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.UserId): document.UserId = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.Account): document.Account = StringOrNull(ref reader); break;
                    case nameof(CacheEntryDocument.Arn): document.Arn = StringOrNull(ref reader); break;
                    default: reader.Skip(); break;
                }
            }
        }

        // Only white space may follow (a second value is a JsonException of the reader's own).
        return reader.Read() ? throw new JsonException("more after the entry") : document;
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("the entry ends too early");

    private static string? StringOrNull(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException("a field that is not a string"),
    };

    private static List<string?>? StringsOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var values = reader.TokenType == JsonTokenType.StartArray ? new List<string?>() : throw new JsonException("Roles is not an array");
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            values.Add(StringOrNull(ref reader));
        }

        return values;
    }

    private static string? ValidateSourceIdentity(CacheEntryDocument document, string expectedKey)
    {
        if (document.Kind != SourceIdentityKind)
        {
            return "not a source identity entry";
        }

        var fields = new (string Name, string? Value)[]
        {
            ("Format", document.Format), ("Key", document.Key), ("Source", document.Source), ("UserId", document.UserId),
            ("Account", document.Account), ("Arn", document.Arn), ("Expiration", document.Expiration),
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

        if (IdentityArn.TryParse(document.Arn) is null || !AccountIds.IsValid(document.Account!) || document.UserId!.Any(char.IsControl))
        {
            return "bad identity";
        }

        return DateTimeOffset.TryParseExact(document.Expiration, ExpirationFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? null
            : "bad expiration";
    }

    private static string? Validate(CacheEntryDocument document, string expectedKey)
    {
        if (document.Kind is not null)
        {
            return "not a credentials entry";
        }

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

/// <summary>
/// One cache file as JSON: every field a string (the role list an array of them); unknown fields are
/// skipped. A credentials entry has no <c>Kind</c> (as before source identities were cached); a
/// source identity entry has <c>Kind</c>, <c>UserId</c>, <c>Account</c> and <c>Arn</c> instead of
/// the hop's fields.
/// </summary>
internal sealed class CacheEntryDocument
{
    public string? Format { get; set; }

    public string? Kind { get; set; }

    public string? Key { get; set; }

    public string? Source { get; set; }

    public List<string?>? Roles { get; set; }

    public string? AssumedRoleArn { get; set; }

    public string? SessionName { get; set; }

    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string? SessionToken { get; set; }

    public string? Expiration { get; set; }

    public string? UserId { get; set; }

    public string? Account { get; set; }

    public string? Arn { get; set; }
}

/// <summary>The source-generated (reflection-free, Native AOT safe) serializer of cache files.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, NewLine = "\n", DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, ReadCommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4)]
[JsonSerializable(typeof(CacheEntryDocument))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
