using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The file format of a <see cref="SourceEntry"/>: one JSON object through a source-generated
/// serializer, validated after reading as strictly as <see cref="CacheEntryJson"/> (anything but a
/// complete entry for the expected key, with temporary credentials, is a miss).
/// </summary>
public static class SourceEntryJson
{
    /// <summary>Changes whenever this format changes; also what tells a source entry from a chain entry.</summary>
    public const string FormatTag = "aws-assume-role/cache/source/1";

    private const string ExpirationFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>The file's bytes.</summary>
    public static byte[] Write(SourceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var credentials = entry.Credentials;
        if (credentials.SessionToken is null || credentials.Expiration is null)
        {
            throw new ArgumentException("only temporary credentials with an expiry are cached", nameof(entry));
        }

        var document = new SourceEntryDocument
        {
            Format = FormatTag,
            Key = entry.Key,
            Source = entry.Source,
            AccessKeyId = credentials.AccessKeyId,
            SecretAccessKey = credentials.SecretAccessKey,
            SessionToken = credentials.SessionToken,
            Expiration = credentials.Expiration.Value.UtcDateTime.ToString(ExpirationFormat, CultureInfo.InvariantCulture),
        };
        return [.. JsonSerializer.SerializeToUtf8Bytes(document, SourceEntryJsonContext.Default.SourceEntryDocument), (byte)'\n'];
    }

    /// <summary>The entry in <paramref name="json"/> when it is a complete source entry for <paramref name="expectedKey"/>; otherwise null and why.</summary>
    public static SourceEntry? TryRead(ReadOnlySpan<byte> json, string expectedKey, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(expectedKey);
        if (json.IsEmpty || json.Length > CacheEntryJson.MaxBytes)
        {
            problem = json.IsEmpty ? "empty file" : "file too large";
            return null;
        }

        SourceEntryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, SourceEntryJsonContext.Default.SourceEntryDocument);
        }
        catch (JsonException)
        {
            problem = "not a complete JSON entry";
            return null;
        }

        var fields = document is null ? [] : new[] { document.Format, document.Key, document.Source, document.AccessKeyId, document.SecretAccessKey, document.SessionToken, document.Expiration };
        problem =
            document is null ? "not a JSON object"
            : document.Format != FormatTag ? "not a source entry of this format"
            : fields.Any(string.IsNullOrEmpty) ? "a field is missing"
            : document.Key != expectedKey ? "an entry for another key"
            : !DateTimeOffset.TryParseExact(document.Expiration, ExpirationFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out _) ? "bad expiration"
            : null;
        if (problem is not null)
        {
            return null;
        }

        var expiration = DateTimeOffset.ParseExact(document!.Expiration!, ExpirationFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return new SourceEntry(document.Key!, document.Source!, new AwsCredentials(document.AccessKeyId!, document.SecretAccessKey!, document.SessionToken!, expiration));
    }
}

/// <summary>A source entry as JSON; unknown fields are skipped.</summary>
internal sealed class SourceEntryDocument
{
    public string? Format { get; set; }

    public string? Key { get; set; }

    public string? Source { get; set; }

    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string? SessionToken { get; set; }

    public string? Expiration { get; set; }
}

/// <summary>The source-generated (reflection-free, Native AOT safe) serializer of source entries.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, NewLine = "\n", ReadCommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4)]
[JsonSerializable(typeof(SourceEntryDocument))]
internal sealed partial class SourceEntryJsonContext : JsonSerializerContext;
