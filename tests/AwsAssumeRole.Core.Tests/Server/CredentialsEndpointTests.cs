using System.Text.Json;
using AwsAssumeRole.Core.Server;
using AwsAssumeRole.Core.Tests.Chain;
using Microsoft.Extensions.Time.Testing;
using static AwsAssumeRole.Core.Tests.Server.ServeFixtures;

namespace AwsAssumeRole.Core.Tests.Server;

public sealed class CredentialsEndpointTests
{
    private const int Port = 41234;

    private readonly FakeTimeProvider time = new(Start);
    private readonly ServerToken token = ServerToken.Create();

    private CredentialsEndpoint Endpoint(CredentialsKeeper? keeper = null) =>
        new(token, keeper ?? Keeper(), time, Port);

    private CredentialsKeeper Keeper() =>
        new(Result(1, Start.AddHours(1)), 2, (_, _) => Task.FromResult(Result(2, Start.AddHours(2))), TimeSpan.FromMinutes(20), time, new RecordingChainLog());

    private EndpointRequest Request(string method = "GET", string path = "/credentials", string[]? hosts = null, string[]? authorizations = null) =>
        new(method, path, hosts ?? ["127.0.0.1:41234"], authorizations ?? [token.Text]);

    [Fact]
    public void Uri_is_loopback_with_the_port_and_a_path()
    {
        Assert.Equal("http://127.0.0.1:41234/credentials", Endpoint().Uri.ToString());
    }

    [Fact]
    public void A_GET_with_the_token_gets_the_credentials_document_the_SDKs_read()
    {
        // Act
        var answer = Endpoint().Answer(Request());

        // Assert
        Assert.Equal(200, answer.Status);
        Assert.Equal(
            """{"AccessKeyId":"ASIASERVE1EXAMPLE","SecretAccessKey":"secret1/wJalrXUtnFEMI+K7MDENG","Token":"token1/IQoJb3JpZ2luX2VjEJr==","Expiration":"2026-11-29T01:00:00Z","AccountId":"987654321098","RoleArn":"arn:aws:iam::987654321098:role/backup-role"}""",
            answer.Body);
    }

    [Theory]
    [InlineData("127.0.0.1:41234", 200)]
    [InlineData("localhost:41234", 200)]
    [InlineData("LocalHost:41234", 200)]
    [InlineData("[::1]:41234", 200)]
    [InlineData("127.0.0.1", 403)]
    [InlineData("localhost", 403)]
    [InlineData("127.0.0.1:41235", 403)]
    [InlineData("127.0.0.1:041234", 403)]
    [InlineData("evil.example", 403)]
    [InlineData("evil.example:41234", 403)]
    [InlineData("127.0.0.1.nip.io:41234", 403)]
    [InlineData("localhost.evil.example:41234", 403)]
    [InlineData("127.0.0.2:41234", 403)]
    [InlineData("", 403)]
    public void Only_a_Host_naming_this_endpoint_on_loopback_is_served(string host, int expected)
    {
        // Act
        var answer = Endpoint().Answer(Request(hosts: [host]));

        // Assert
        Assert.Equal(expected, answer.Status);
        if (expected == 403)
        {
            Assert.Equal("InvalidHost", Code(answer.Body));
        }
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost", true)]
    [InlineData("[::1]", true)]
    [InlineData("127.0.0.1:80", true)]
    [InlineData("evil.example", false)]
    [InlineData("127.0.0.1:8080", false)]
    public void On_port_80_the_Host_may_leave_the_port_out_as_clients_given_the_URI_do(string host, bool own)
    {
        Assert.Equal(own, CredentialsEndpoint.IsOwnHost(host, 80));
        Assert.Equal("http://127.0.0.1/credentials", new CredentialsEndpoint(ServerToken.Create(), Keeper(), time, 80).Uri.ToString());
    }

    [Fact]
    public void No_Host_or_two_Hosts_are_refused()
    {
        Assert.Equal(403, Endpoint().Answer(Request(hosts: [])).Status);
        Assert.Equal(403, Endpoint().Answer(Request(hosts: ["127.0.0.1:41234", "evil.example"])).Status);
    }

    [Fact]
    public void A_foreign_Host_is_refused_before_anything_else_is_looked_at()
    {
        // Act: the wrong path, method and token too; the Host decides.
        var answer = Endpoint().Answer(Request("POST", "/other", ["evil.example"], []));

        // Assert
        Assert.Equal(403, answer.Status);
        Assert.Equal("InvalidHost", Code(answer.Body));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/credentials/")]
    [InlineData("/Credentials")]
    [InlineData("/v2/credentials")]
    public void Another_path_is_404(string path)
    {
        var answer = Endpoint().Answer(Request(path: path));

        Assert.Equal(404, answer.Status);
        Assert.Equal("NotFound", Code(answer.Body));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("HEAD")]
    [InlineData("OPTIONS")]
    public void Another_method_is_405_with_Allow_GET(string method)
    {
        var answer = Endpoint().Answer(Request(method));

        Assert.Equal(405, answer.Status);
        Assert.Equal("GET", answer.Allow);
        Assert.Equal("MethodNotAllowed", Code(answer.Body));
    }

    [Fact]
    public void No_Authorization_is_401()
    {
        var answer = Endpoint().Answer(Request(authorizations: []));

        Assert.Equal(401, answer.Status);
        Assert.Equal("Unauthorized", Code(answer.Body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_wrong_token_is_403_and_the_answer_never_holds_the_token(string presented)
    {
        var answer = Endpoint().Answer(Request(authorizations: [presented]));

        Assert.Equal(403, answer.Status);
        Assert.Equal("AccessDenied", Code(answer.Body));
        Assert.DoesNotContain(token.Text, answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_Authorization_headers_are_403_even_when_one_holds_the_token()
    {
        var answer = Endpoint().Answer(Request(authorizations: [token.Text, token.Text]));

        Assert.Equal(403, answer.Status);
    }

    [Fact]
    public void Credentials_are_served_up_to_their_expiry_then_503_with_the_error_document()
    {
        // Arrange: a keeper that never got to refresh
        var keeper = new CredentialsKeeper(Result(1, Start.AddMinutes(30)), 2, (_, _) => Task.FromResult(Result(2, Start.AddHours(2))), TimeSpan.FromMinutes(20), time, new RecordingChainLog());
        var endpoint = Endpoint(keeper);

        // Act
        time.Advance(TimeSpan.FromMinutes(29));
        var before = endpoint.Answer(Request());
        time.Advance(TimeSpan.FromMinutes(1));
        var after = endpoint.Answer(Request());

        // Assert
        Assert.Equal(200, before.Status);
        Assert.Equal(503, after.Status);
        Assert.Equal("CredentialsUnavailable", Code(after.Body));
        Assert.Contains("expired at 2026-11-29T00:30:00Z", Message(after.Body), StringComparison.Ordinal);
        Assert.DoesNotContain("secret1", after.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_bodies_are_the_code_and_message_document()
    {
        var answer = CredentialsEndpoint.Error(503, "CredentialsUnavailable", "hop 2 of 2, \"x\": Throttling");

        Assert.Equal("""{"code":"CredentialsUnavailable","message":"hop 2 of 2, \"x\": Throttling"}""", answer.Body);
    }

    private static string Code(string body) => JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()!;

    private static string Message(string body) => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString()!;
}
