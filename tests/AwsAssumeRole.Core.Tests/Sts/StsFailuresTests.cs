using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Xml;
using Amazon.Runtime;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sts;

public sealed class StsFailuresTests
{
    private static readonly StsEndpoint Regional = new("eu-west-1", null);

    // The runtime's texts in the native binary are resource keys like these: never to be shown.
    private const string ResourceKey = "net_http_resource_key_Name, 1, 2";

    public static TheoryData<Exception, string, string, bool> Failures => new()
    {
        {
            new AmazonServiceException("User alice\nis not\u001b[2J authorized", null, ErrorType.Sender, "AccessDenied", "1", HttpStatusCode.Forbidden),
            "AccessDenied", @"User alice is not\x1b[2J authorized", false
        },
        {
            new AmazonServiceException("The service returned an error with HTTP Body: <html>", null, ErrorType.Unknown, null, "1", HttpStatusCode.BadGateway),
            "NotAnStsResponse", "https://sts.eu-west-1.amazonaws.com answered HTTP 502 with something that is not an STS response", false
        },
        {
            new XmlException(ResourceKey),
            "NotAnStsResponse", "https://sts.eu-west-1.amazonaws.com answered with something that is not an STS response", false
        },
        {
            new HttpRequestException(HttpRequestError.NameResolutionError, ResourceKey),
            "EndpointUnreachable", "could not reach https://sts.eu-west-1.amazonaws.com: the host name sts.eu-west-1.amazonaws.com could not be resolved", true
        },
        {
            new HttpRequestException(HttpRequestError.ConnectionError, ResourceKey, new SocketException((int)SocketError.ConnectionRefused)),
            "EndpointUnreachable", "could not reach https://sts.eu-west-1.amazonaws.com: connection refused", true
        },
        {
            new HttpRequestException(HttpRequestError.SecureConnectionError, ResourceKey, new AuthenticationException(ResourceKey)),
            "EndpointUnreachable", "could not reach https://sts.eu-west-1.amazonaws.com: the TLS handshake failed", true
        },
        {
            new HttpIOException(HttpRequestError.ResponseEnded, ResourceKey),
            "EndpointUnreachable", "could not reach https://sts.eu-west-1.amazonaws.com: it closed the connection before it finished answering", true
        },
        {
            new SocketException((int)SocketError.NetworkUnreachable),
            "EndpointUnreachable", "could not reach https://sts.eu-west-1.amazonaws.com: the network is unreachable", true
        },
        {
            new StsTransportException("Redirected", "https://x/ answered with a redirect (HTTP 307)"),
            "Redirected", "https://x/ answered with a redirect (HTTP 307)", false
        },
        {
            new AmazonClientException("wrapped", new StsTransportException("ResponseTooLarge", "too large")),
            "ResponseTooLarge", "too large", false
        },
        {
            new InvalidOperationException(ResourceKey),
            "ClientError", "the call to https://sts.eu-west-1.amazonaws.com failed (InvalidOperationException)", false
        },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Explain_says_what_failed_from_types_and_codes_and_shows_outside_text_printable(Exception error, string code, string message, bool unreachable)
    {
        // Act
        var explained = StsFailures.Explain(error, Regional, transport: null);

        // Assert
        Assert.Equal(code, explained.ErrorCode);
        Assert.Equal(message, explained.Message);
        Assert.Equal(unreachable, explained.Unreachable);
        Assert.Same(error, explained.InnerException);
    }

    [Fact]
    public void Explain_never_shows_a_user_name_or_password_of_the_endpoint()
    {
        // Arrange
        var endpoint = new StsEndpoint(null, new Uri("https://alice:Secret123@sts.example.com/"));

        // Act
        var explained = StsFailures.Explain(new SocketException((int)SocketError.ConnectionRefused), endpoint, transport: null);

        // Assert
        Assert.Equal("could not reach https://sts.example.com/: connection refused", explained.Message);
    }
}
