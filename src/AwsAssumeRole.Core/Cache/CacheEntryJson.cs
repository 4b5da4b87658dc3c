using System.Globalization;
using System.Text.Json;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The cache file format: one JSON object, written with <see cref="Utf8JsonWriter"/> and read with
/// <see cref="Utf8JsonReader"/> (no reflection). Reading is strict: anything that is not exactly a
/// well-formed entry for the expected key (empty, truncated, foreign, another format version,
/// long-term keys) is refused, and the caller treats it as a miss.
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

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            writer.WriteString("Format", CacheKeys.FormatTag);
            writer.WriteString("Key", entry.Key);
            writer.WriteString("Source", entry.Source);
            writer.WriteStartArray("Roles");
            foreach (var role in entry.Hop.Roles)
            {
                writer.WriteStringValue(role);
            }

            writer.WriteEndArray();
            writer.WriteString("AssumedRoleArn", entry.Hop.AssumedRoleArn);
            writer.WriteString("SessionName", entry.Hop.SessionName);
            writer.WriteString("AccessKeyId", credentials.AccessKeyId);
            writer.WriteString("SecretAccessKey", credentials.SecretAccessKey);
            writer.WriteString("SessionToken", credentials.SessionToken);
            writer.WriteString("Expiration", credentials.Expiration.Value.UtcDateTime.ToString(ExpirationFormat, CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
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

        Dictionary<string, string> fields;
        List<string> roles;
        try
        {
            (fields, roles) = Parse(json);
        }
        catch (JsonException)
        {
            problem = "not a complete JSON entry";
            return null;
        }

        problem = Validate(fields, roles, expectedKey);
        if (problem is not null)
        {
            return null;
        }

        var expiration = DateTimeOffset.ParseExact(fields["Expiration"], ExpirationFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return new CacheEntry(
            fields["Key"],
            fields["Source"],
            new CachedHop(
                roles,
                fields["AssumedRoleArn"],
                fields["SessionName"],
                new AwsCredentials(fields["AccessKeyId"], fields["SecretAccessKey"], fields["SessionToken"], expiration)));
    }

    private static (Dictionary<string, string> Fields, List<string> Roles) Parse(ReadOnlySpan<byte> json)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var roles = new List<string>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
        while (true)
        {
            Expect(reader.Read());
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            Expect(reader.TokenType == JsonTokenType.PropertyName);
            var name = reader.GetString()!;
            Expect(reader.Read());
            if (name == "Roles")
            {
                Expect(reader.TokenType == JsonTokenType.StartArray);
                roles.Clear();
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    roles.Add(reader.GetString()!);
                }

                Expect(reader.TokenType == JsonTokenType.EndArray);
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                fields[name] = reader.GetString()!;
            }
            else
            {
                // A field this version does not know: skip it whole.
                reader.Skip();
            }
        }

        // Nothing but white space may follow the object.
        Expect(!reader.Read());
        return (fields, roles);
    }

    private static string? Validate(Dictionary<string, string> fields, List<string> roles, string expectedKey)
    {
        foreach (var name in new[] { "Format", "Key", "Source", "AssumedRoleArn", "SessionName", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration" })
        {
            if (!fields.TryGetValue(name, out var value) || value.Length == 0)
            {
                return $"field {name} missing";
            }
        }

        if (fields["Format"] != CacheKeys.FormatTag)
        {
            return "another format version";
        }

        if (fields["Key"] != expectedKey)
        {
            return "an entry for another key";
        }

        if (roles.Count == 0 || roles.Any(r => !IsRoleArn(r)))
        {
            return "bad role list";
        }

        if (IdentityArn.TryParse(fields["AssumedRoleArn"]) is null)
        {
            return "bad assumed-role ARN";
        }

        var session = fields["SessionName"];
        if (session.Length is < SessionNames.MinLength or > SessionNames.MaxLength || !session.All(RoleNames.IsNameChar))
        {
            return "bad session name";
        }

        if (!DateTimeOffset.TryParseExact(fields["Expiration"], ExpirationFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return "bad expiration";
        }

        return null;
    }

    private static bool IsRoleArn(string text)
    {
        try
        {
            return RoleArn.Parse(text).ToString() == text;
        }
        catch (Errors.AssumeRoleException)
        {
            return false;
        }
    }

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new JsonException("unexpected JSON structure");
        }
    }
}
