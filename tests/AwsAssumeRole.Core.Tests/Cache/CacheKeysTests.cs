using System.Reflection;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Cache;

public sealed class CacheKeysTests
{
    private const string SourceKey = "AKIAIOSFODNN7EXAMPLE";
    private const string Backup = "arn:aws:iam::987654321098:role/backup-role";
    private static readonly StsEndpoint Endpoint = new("eu-west-1", new Uri("http://127.0.0.1:5000"));

    [Fact]
    public void CacheKeys_are_one_sha256_hex_per_prefix_and_the_same_for_the_same_input()
    {
        // Arrange
        var plan = Plan(["ec2-worker", Backup]);

        // Act
        var first = CacheKeys.For(SourceKey, plan, Endpoint).Keys;
        var second = CacheKeys.For(SourceKey, Plan(["ec2-worker", Backup]), Endpoint).Keys;

        // Assert
        Assert.Equal(2, first.Count);
        Assert.All(first, key => Assert.True(CacheKeys.IsKey(key), key));
        Assert.NotEqual(first[0], first[1]);
        Assert.Equal(first, second);
    }

    [Fact]
    public void CacheKeys_of_a_shared_prefix_are_shared_and_diverge_at_the_first_different_hop()
    {
        // Act
        var toBackup = CacheKeys.For(SourceKey, Plan(["ec2-worker", Backup, "backup2"]), Endpoint).Keys;
        var toOther = CacheKeys.For(SourceKey, Plan(["ec2-worker", "other", "backup2"]), Endpoint).Keys;

        // Assert
        Assert.Equal(toBackup[0], toOther[0]);
        Assert.NotEqual(toBackup[1], toOther[1]);
        Assert.NotEqual(toBackup[2], toOther[2]);
    }

    [Fact]
    public void CacheKeys_canonical_form_holds_the_source_key_id_and_everything_given_in_a_fixed_order()
    {
        // Act
        var canonical = CacheKeys.For(SourceKey, Plan(["ec2-worker", Backup], sessionName: "alice"), Endpoint).CanonicalForm(2);

        // Assert
        Assert.Equal(
            """{"cache":"aws-assume-role/cache/1","sourceAccessKeyId":"AKIAIOSFODNN7EXAMPLE","region":"eu-west-1","endpoint":"http://127.0.0.1:5000/","sessionName":"alice","hops":[{"role":"ec2-worker","durationSeconds":3600,"externalId":null,"sessionName":null,"profile":null,"mfaSerial":null,"sourceIdentity":null,"tags":[],"transitiveTagKeys":[],"policy":null,"policyArns":[]},{"role":"arn:aws:iam::987654321098:role/backup-role","durationSeconds":3600,"externalId":null,"sessionName":null,"profile":null,"mfaSerial":null,"sourceIdentity":null,"tags":[],"transitiveTagKeys":[],"policy":null,"policyArns":[]}]}""",
            canonical);
    }

    [Fact]
    public void CacheKeys_ignore_white_space_and_key_order_in_a_policy_and_the_order_of_tags_and_policy_ARNs()
    {
        // Arrange
        var one = new HopParameters
        {
            Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""",
            Tags = new SessionTagSet([new SessionTag("team", "blue"), new SessionTag("cost", "42")], ["team"]),
            PolicyArns = ["arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/B"],
        };
        var same = new HopParameters
        {
            Policy = "{ \"Statement\": [ { \"Resource\": \"*\", \"Action\": \"s3:*\", \"Effect\": \"Allow\" } ],\n  \"Version\": \"2012-10-17\" }",
            Tags = new SessionTagSet([new SessionTag("cost", "42"), new SessionTag("team", "blue")], ["team"]),
            PolicyArns = ["arn:aws:iam::aws:policy/B", "arn:aws:iam::aws:policy/A"],
        };
        var other = one with { Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}""" };

        // Act and assert
        Assert.Equal(KeyWith(one), KeyWith(same));
        Assert.NotEqual(KeyWith(one), KeyWith(other));
    }

    public static TheoryData<string, Func<CacheKeys>> ChangedInputs => new()
    {
        { "another source key", () => CacheKeys.For("AKIAI44QH8DHBEXAMPLE", Plan(["ec2-worker", Backup]), Endpoint) },
        { "another region", () => CacheKeys.For(SourceKey, Plan(["ec2-worker", Backup]), Endpoint with { Region = "us-east-1" }) },
        { "no region", () => CacheKeys.For(SourceKey, Plan(["ec2-worker", Backup]), Endpoint with { Region = null }) },
        { "another endpoint", () => CacheKeys.For(SourceKey, Plan(["ec2-worker", Backup]), Endpoint with { EndpointUrl = new Uri("http://127.0.0.1:5001") }) },
        { "no endpoint", () => CacheKeys.For(SourceKey, Plan(["ec2-worker", Backup]), Endpoint with { EndpointUrl = null }) },
        { "a session name", () => CacheKeys.For(SourceKey, Plan(["ec2-worker", Backup], sessionName: "alice"), Endpoint) },
        { "the first role as an ARN", () => CacheKeys.For(SourceKey, Plan(["arn:aws:iam::123456789012:role/ec2-worker", Backup]), Endpoint) },
    };

    [Theory]
    [MemberData(nameof(ChangedInputs))]
    public void CacheKeys_change_with_every_input_that_decides_the_credentials(string change, Func<CacheKeys> changed)
    {
        // Arrange
        var original = CacheKeys.For(SourceKey, Plan(["ec2-worker", Backup]), Endpoint).Keys;

        // Act
        var keys = changed().Keys;

        // Assert
        Assert.True(original[0] != keys[0] && original[1] != keys[1], change);
    }

    /// <summary>
    /// The guard for HopParameters: every property, found by reflection, must change the key when
    /// it changes. A property added to HopParameters fails here until CacheKeys.WriteHopParameters
    /// writes it (or, for a per-call secret such as an MFA code, until it is listed as never keyed).
    /// </summary>
    [Fact]
    public void CacheKeys_change_with_every_property_of_HopParameters()
    {
        // Arrange
        // DurationOrigin only names, in messages, where the duration came from.
        var neverKeyed = new HashSet<string>(StringComparer.Ordinal) { nameof(HopParameters.DurationOrigin) };
        var baseline = KeyWith(new HopParameters());
        var properties = typeof(HopParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();

        // Act and assert
        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            var parameters = new HopParameters();
            property.SetValue(parameters, DifferentValue(property));
            var key = KeyWith(parameters);
            if (neverKeyed.Contains(property.Name))
            {
                Assert.True(baseline == key, $"{property.Name} must not be part of the cache key");
            }
            else
            {
                Assert.True(baseline != key, $"HopParameters.{property.Name} does not change the cache key: add it to CacheKeys.WriteHopParameters");
            }
        }
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", false)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", false)]
    [InlineData("../../../../etc/passwd0123456789abcdef0123456789abcdef0123456789", false)]
    [InlineData("", false)]
    public void IsKey_accepts_only_64_lowercase_hex_digits(string text, bool expected)
    {
        // Act
        var isKey = CacheKeys.IsKey(text);

        // Assert
        Assert.Equal(expected, isKey);
    }

    private static string KeyWith(HopParameters parameters) =>
        CacheKeys.For(SourceKey, new ChainPlan([new Hop(RoleReference.Parse("ec2-worker"), parameters)], null), Endpoint).Keys[0];

    private static object DifferentValue(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(int))
        {
            return 1234;
        }

        if (type == typeof(string))
        {
            // A JSON text, so that the session policy (canonicalised before keying) takes it too.
            return "{\"changed\":\"value\"}";
        }

        if (type == typeof(bool))
        {
            return !(bool)(property.GetValue(new HopParameters()) ?? false);
        }

        if (type.IsAssignableFrom(typeof(string[])))
        {
            return new[] { "changed-value" };
        }

        if (type == typeof(SessionTagSet))
        {
            return new SessionTagSet([new SessionTag("team", "blue")], []);
        }

        if (type.IsAssignableFrom(typeof(Dictionary<string, string>)))
        {
            return new Dictionary<string, string> { ["changed"] = "value" };
        }

        throw new InvalidOperationException($"add a changed value for HopParameters.{property.Name} of type {property.PropertyType} to this test");
    }

    private static ChainPlan Plan(string[] roles, string? sessionName = null) =>
        new(roles.Select(r => new Hop(RoleReference.Parse(r), new HopParameters())).ToList(), sessionName);
}
