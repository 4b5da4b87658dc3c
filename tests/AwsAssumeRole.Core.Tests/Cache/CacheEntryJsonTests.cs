using System.Text;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Cache;

public sealed class CacheEntryJsonTests
{
    internal const string Key = "2e876f4f4249086bb47bd515a17a958c20007c839784886f4ae826ee7e274b39";

    internal static CacheEntry Entry(DateTimeOffset? expiration = null, string key = Key) => new(
        key,
        "****MPLE",
        new CachedHop(
            ["arn:aws:iam::123456789012:role/ec2-worker", "arn:aws:iam::987654321098:role/backup-role"],
            "arn:aws:sts::987654321098:assumed-role/backup-role/alice",
            "alice",
            new AwsCredentials("ASIAHOP2EXAMPLE00000", "hop2-secret/wJalrXUtnFEMI+K7MDENGbPxRfiCY", "hop2-token/IQoJb3JpZ2luX2Vj==", expiration ?? new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero))));

    internal static SourceIdentityEntry IdentityEntry(string key = Key) => new(
        key,
        "****MPLE",
        new CallerIdentity("AIDAJQABLZS4A3QDU576Q", "123456789012", "arn:aws:iam::123456789012:user/alice"),
        new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_source_identity_written_is_read_back_and_is_no_credentials_entry()
    {
        // Arrange
        var entry = IdentityEntry();

        // Act
        var bytes = CacheEntryJson.Write(entry);
        var read = CacheEntryJson.TryReadSourceIdentity(bytes, Key, out var problem);
        var asCredentials = CacheEntryJson.TryRead(bytes, Key, out var credentialsProblem);

        // Assert
        Assert.Null(problem);
        Assert.Equal(entry, read);
        Assert.Null(asCredentials);
        Assert.Equal("not a credentials entry", credentialsProblem);
        Assert.DoesNotContain("SecretAccessKey", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a credentials entry", "not a source identity entry")]
    [InlineData("another key", "an entry for another key")]
    [InlineData("a bad ARN", "bad identity")]
    [InlineData("a bad account", "bad identity")]
    [InlineData("no ARN", "field Arn missing")]
    [InlineData("a bad expiry", "bad expiration")]
    public void A_source_identity_file_that_is_not_exactly_one_is_refused(string what, string expected)
    {
        // Arrange
        var text = Encoding.UTF8.GetString(CacheEntryJson.Write(IdentityEntry()));
        var bytes = what switch
        {
            "a credentials entry" => CacheEntryJson.Write(Entry()),
            "another key" => CacheEntryJson.Write(IdentityEntry(key: new string('a', 64))),
            "a bad ARN" => Encoding.UTF8.GetBytes(text.Replace("arn:aws:iam::123456789012:", "arn:nowhere:iam::1:", StringComparison.Ordinal)),
            "a bad account" => Encoding.UTF8.GetBytes(text.Replace("\"123456789012\"", "\"12345\"", StringComparison.Ordinal)),
            "no ARN" => Encoding.UTF8.GetBytes(text.Replace("\"Arn\"", "\"Other\"", StringComparison.Ordinal)),
            _ => Encoding.UTF8.GetBytes(text.Replace("2026-11-29T12:00:00Z", "tomorrow", StringComparison.Ordinal)),
        };

        // Act
        var read = CacheEntryJson.TryReadSourceIdentity(bytes, Key, out var problem);

        // Assert
        Assert.Null(read);
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void The_reader_reads_every_field_the_serializer_writes()
    {
        // Arrange: every property of the document set to a value of its own (the reader is written
        // by hand, so a field added to the document and not to the reader must fail here)
        var document = new CacheEntryDocument();
        var properties = typeof(CacheEntryDocument).GetProperties();
        foreach (var property in properties)
        {
            property.SetValue(document, property.PropertyType == typeof(string) ? $"value of {property.Name} \u00e9\"\\" : new List<string?> { "a", null, "b" });
        }

        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document, CacheJsonContext.Default.CacheEntryDocument);

        // Act
        var read = CacheEntryJson.ReadDocument(json);

        // Assert
        Assert.NotNull(read);
        Assert.All(properties, property => Assert.Equal(property.GetValue(document), property.GetValue(read)));
    }

    [Theory]
    [InlineData("null", true)]
    [InlineData("{\"Unknown\": {\"a\": [1, {\"b\": 2}]}, \"Format\": \"f\"}", true)]
    [InlineData("{\"Format\": \"a\", \"Format\": \"b\"}", true)]
    [InlineData("{\"Roles\": \"not an array\"}", false)]
    [InlineData("{\"Roles\": [1]}", false)]
    [InlineData("{\"Format\": true}", false)]
    [InlineData("{\"Format\": \"a\"} // comment", false)]
    [InlineData("{\"a\": {\"b\": {\"c\": {\"d\": {}}}}}", false)]
    [InlineData("\"a string\"", false)]
    public void The_reader_accepts_and_refuses_what_the_serializer_does(string json, bool accepted)
    {
        // Arrange
        var bytes = Encoding.UTF8.GetBytes(json);
        bool Accepts(Func<CacheEntryDocument?> read)
        {
            try
            {
                read();
                return true;
            }
            catch (System.Text.Json.JsonException)
            {
                return false;
            }
        }

        // Act
        var ours = Accepts(() => CacheEntryJson.ReadDocument(bytes));
        var serializer = Accepts(() => System.Text.Json.JsonSerializer.Deserialize(bytes, CacheJsonContext.Default.CacheEntryDocument));

        // Assert
        Assert.Equal(accepted, serializer);
        Assert.Equal(serializer, ours);
    }

    [Fact]
    public void Write_then_TryRead_gives_back_the_same_entry()
    {
        // Arrange
        var entry = Entry();

        // Act
        var read = CacheEntryJson.TryRead(CacheEntryJson.Write(entry), Key, out var problem);

        // Assert
        Assert.Null(problem);
        Assert.NotNull(read);
        Assert.Equal(entry.Key, read.Key);
        Assert.Equal(entry.Source, read.Source);
        Assert.Equal(entry.Hop.Roles, read.Hop.Roles);
        Assert.Equal(entry.Hop with { Roles = read.Hop.Roles }, read.Hop);
    }

    [Fact]
    public void Write_stores_the_expiry_in_UTC()
    {
        // Arrange
        var entry = Entry(new DateTimeOffset(2026, 11, 29, 3, 2, 3, TimeSpan.FromHours(2)));

        // Act
        var text = Encoding.UTF8.GetString(CacheEntryJson.Write(entry));

        // Assert
        Assert.Contains("\"Expiration\": \"2026-11-29T01:02:03Z\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_refuses_long_term_keys()
    {
        // Arrange
        var entry = Entry();
        var longTerm = entry with { Hop = entry.Hop with { Credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", "secret", null, null) } };

        // Act and assert
        Assert.Throws<ArgumentException>(() => CacheEntryJson.Write(longTerm));
    }

    /// <summary>Bad file contents by name (built in the test: xunit would serialise 10 MB of theory data).</summary>
    internal static byte[] BadFile(string what)
    {
        var good = CacheEntryJson.Write(Entry());
        var text = Encoding.UTF8.GetString(good);
        byte[] Replaced(string from, string to) => Encoding.UTF8.GetBytes(text.Replace(from, to, StringComparison.Ordinal));
        return what switch
        {
            "empty" => [],
            "white space" => "  \n"u8.ToArray(),
            "an empty object" => "{}"u8.ToArray(),
            "an array" => "[]"u8.ToArray(),
            "another key" => CacheEntryJson.Write(Entry(key: new string('a', 64))),
            "another format" => Replaced("aws-assume-role/cache/1", "aws-assume-role/cache/0"),
            "no session token" => Replaced("\"SessionToken\"", "\"Other\""),
            "a number for a string" => Replaced("\"alice\"", "7"),
            "a bad role ARN" => Replaced("role/ec2-worker", "user/ec2-worker"),
            "a bad expiry" => Replaced("2026-11-29T01:02:03Z", "tomorrow"),
            "a second object after it" => [.. good, .. "{}"u8.ToArray()],
            "10 MB of garbage" => Garbage(10 * 1024 * 1024),
            "10 MB of spaces after a valid entry" => [.. good, .. Enumerable.Repeat((byte)' ', 10 * 1024 * 1024)],
            "truncated to 1 byte" => good[..1],
            "truncated to 10 bytes" => good[..10],
            "truncated to half" => good[..(good.Length / 2)],
            "truncated by 3 bytes" => good[..^3],
            _ => throw new ArgumentOutOfRangeException(nameof(what), what),
        };
    }

    internal static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("white space")]
    [InlineData("an empty object")]
    [InlineData("an array")]
    [InlineData("another key")]
    [InlineData("another format")]
    [InlineData("no session token")]
    [InlineData("a number for a string")]
    [InlineData("a bad role ARN")]
    [InlineData("a bad expiry")]
    [InlineData("a second object after it")]
    [InlineData("10 MB of garbage")]
    [InlineData("10 MB of spaces after a valid entry")]
    [InlineData("truncated to 1 byte")]
    [InlineData("truncated to 10 bytes")]
    [InlineData("truncated to half")]
    [InlineData("truncated by 3 bytes")]
    public void TryRead_refuses_anything_but_a_complete_entry_for_the_expected_key(string what)
    {
        // Arrange
        var content = BadFile(what);

        // Act
        var entry = CacheEntryJson.TryRead(content, Key, out var problem);

        // Assert
        Assert.True(entry is null, what);
        Assert.False(string.IsNullOrEmpty(problem));
        Assert.DoesNotContain("hop2-secret", problem, StringComparison.Ordinal);
    }
}
