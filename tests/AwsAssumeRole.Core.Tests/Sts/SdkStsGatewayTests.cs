using System.Reflection;
using Amazon.SecurityToken.Model.Internal.MarshallTransformations;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sts;

public sealed class SdkStsGatewayTests
{
    private static readonly RoleArn Role = RoleArn.Parse("arn:aws:iam::111111111111:role/deployer");

    [Fact]
    public void Request_sends_every_parameter_of_the_call_as_STS_names_it()
    {
        // Arrange
        var call = new AssumeRoleCall(Role, "alice", 900, new HopParameters
        {
            ExternalId = "partner-7f3a",
            MfaSerial = "arn:aws:iam::111111111111:mfa/alice",
            SourceIdentity = "alice@example.com",
            Tags = SessionTags.Parse(["team=blue", "cost center=42"], ["team"]),
            Policy = """{"Version":"2012-10-17"}""",
            PolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        }, "123456");

        // Act
        var wire = Wire(call);

        // Assert
        Assert.Equal(
            """
            DurationSeconds=900
            ExternalId=partner-7f3a
            Policy={"Version":"2012-10-17"}
            PolicyArns.member.1.arn=arn:aws:iam::aws:policy/ReadOnlyAccess
            RoleArn=arn:aws:iam::111111111111:role/deployer
            RoleSessionName=alice
            SerialNumber=arn:aws:iam::111111111111:mfa/alice
            SourceIdentity=alice@example.com
            Tags.member.1.Key=team
            Tags.member.1.Value=blue
            Tags.member.2.Key=cost center
            Tags.member.2.Value=42
            TokenCode=123456
            TransitiveTagKeys.member.1=team
            """.ReplaceLineEndings("\n"),
            wire);
    }

    /// <summary>
    /// The guard that keeps the request and the hop record together: every property of
    /// HopParameters, found by reflection, must change what goes to STS — or be one the runner
    /// resolves into the call itself (session name, capped duration), or one that only names things
    /// in messages. A property added to HopParameters fails here until SdkStsGateway.Request sends it.
    /// </summary>
    [Fact]
    public void Request_changes_with_every_property_of_HopParameters_that_STS_takes()
    {
        // Arrange
        var notFromParameters = new HashSet<string>(StringComparer.Ordinal)
        {
            nameof(HopParameters.DurationSeconds), // capped by the runner: AssumeRoleCall.DurationSeconds
            nameof(HopParameters.SessionName), // resolved by the runner: AssumeRoleCall.SessionName
            nameof(HopParameters.DurationOrigin), // names the option in messages
            nameof(HopParameters.Profile), // names the profile in messages
        };
        var baseline = Wire(new AssumeRoleCall(Role, "alice", 3600, new HopParameters()));
        var properties = typeof(HopParameters).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();

        // Act and assert
        Assert.NotEmpty(properties);
        foreach (var property in properties)
        {
            var parameters = new HopParameters();
            property.SetValue(parameters, DifferentValue(property));
            var wire = Wire(new AssumeRoleCall(Role, "alice", 3600, parameters));
            if (notFromParameters.Contains(property.Name))
            {
                Assert.True(baseline == wire, $"{property.Name} is not sent from the parameters");
            }
            else
            {
                Assert.True(baseline != wire, $"HopParameters.{property.Name} is not sent: add it to SdkStsGateway.Request");
            }
        }
    }

    [Fact]
    public void Request_leaves_out_what_the_call_does_not_send()
    {
        // Act
        var wire = Wire(new AssumeRoleCall(Role, "alice", 3600, new HopParameters()));

        // Assert
        Assert.Equal("DurationSeconds=3600\nRoleArn=arn:aws:iam::111111111111:role/deployer\nRoleSessionName=alice", wire);
    }

    /// <summary>The query parameters the SDK's own marshaller puts on the wire, sorted, one a line.</summary>
    private static string Wire(AssumeRoleCall call)
    {
        var request = AssumeRoleRequestMarshaller.Instance.Marshall(SdkStsGateway.Request(call));
        return string.Join('\n', request.Parameters.Where(p => p.Key is not "Action" and not "Version").Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal));
    }

    private static object DifferentValue(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type == typeof(int) ? 1234
            : type == typeof(string) ? "{\"changed\":\"value\"}"
            : type == typeof(SessionTagSet) ? SessionTags.Parse(["k=v"], ["k"])
            : type.IsAssignableFrom(typeof(string[])) ? new[] { "arn:aws:iam::aws:policy/X" }
            : throw new InvalidOperationException($"no different value for {property.Name} ({type.Name}): add one here");
    }
}
