using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Xml;
using Amazon.Runtime;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// Turns whatever an STS call threw into an <see cref="StsException"/> in the tool's words. The
/// cause is read from exception types, <see cref="HttpRequestError"/>, <see cref="SocketError"/>
/// and STS's error code, never from message text: the runtime's messages are resource keys in the
/// native binary, and an endpoint's or proxy's text is shown only as STS's own error message, made
/// printable and cut to one line.
/// </summary>
public static class StsFailures
{
    /// <summary>The failure of a call to <paramref name="endpoint"/> through <paramref name="transport"/>.</summary>
    public static StsException Explain(Exception error, StsEndpoint endpoint, StsTransport? transport)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return Explain(error, endpoint.Describe(), endpoint.ServiceUri, "STS", transport);
    }

    /// <summary>
    /// The failure of a call to another AWS service through the same transport (IAM Identity
    /// Center's portal and OIDC service): <paramref name="where"/> names the endpoint in messages,
    /// <paramref name="service"/> the service (<c>an SSO response</c>).
    /// </summary>
    public static StsException Explain(Exception error, string where, Uri serviceUri, string service, StsTransport? transport)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(where);
        ArgumentNullException.ThrowIfNull(serviceUri);
        ArgumentNullException.ThrowIfNull(service);

        // The proxy in between, when there is one, is named: "could not reach X through the proxy P".
        where += transport?.ProxyFor(serviceUri) is { } proxy ? $" through the proxy {PrintableText.Url(proxy)}" : string.Empty;
        if (Find<Exception>(error, e => e is IStsTransportFailure) is { } ours)
        {
            var code = ((IStsTransportFailure)ours).ErrorCode;
            return code == "TimedOut" && ours is StsRequestTimeoutException
                ? new StsException(code, $"timed out after {StsTransportOptions.DescribeSeconds(transport?.SpentSinceAnswer ?? TimeSpan.Zero)} talking to {where}", unreachable: true, error)
                : new StsException(code, ours.Message, unreachable: code is "TimedOut" or "TlsCertificateRejected" or "ProxyRefused", error);
        }

        // An error answer the SDK could not parse: the SDK's message would quote the whole body.
        if (error is AmazonUnmarshallingException || Find<XmlException>(error) is not null)
        {
            return NotSts(where, transport?.LastStatus is { } lastStatus ? (int)lastStatus : null, error, service);
        }

        if (error is AmazonServiceException answer and not AmazonUnmarshallingException && !string.IsNullOrEmpty(answer.ErrorCode))
        {
            // STS's answer: its code and message are outside text, shown printable and on one line.
            return new StsException(PrintableText.Escape(answer.ErrorCode, 100), PrintableText.OneLine(answer.Message), unreachable: false, error);
        }

        if (error is AmazonServiceException { StatusCode: not 0 } answered and not AmazonUnmarshallingException)
        {
            return NotSts(where, (int)answered.StatusCode, error, service);
        }

        if (Find<HttpRequestException>(error) is { } request)
        {
            return FromHttpRequest(request, where, serviceUri, transport, error);
        }

        if (Find<HttpIOException>(error) is { } io)
        {
            return Unreachable(where, HttpErrorText(io.HttpRequestError, serviceUri), error);
        }

        if (Find<SocketException>(error) is { } socket)
        {
            return Unreachable(where, SocketErrorText(socket.SocketErrorCode), error);
        }

        if (Find<AuthenticationException>(error) is not null)
        {
            return Unreachable(where, "the TLS handshake failed", error);
        }

        if (Find<TimeoutException>(error) is not null || error is OperationCanceledException)
        {
            return new StsException("TimedOut", $"timed out talking to {where}", unreachable: true, error);
        }

        if (Find<IOException>(error) is not null)
        {
            return Unreachable(where, "the connection failed", error);
        }

        // The SDK's own client-side failures carry the SDK's English text, not the runtime's.
        return error is AmazonClientException
            ? new StsException("ClientError", PrintableText.OneLine(error.Message), unreachable: false, error)
            : new StsException("ClientError", $"the call to {where} failed ({error.GetType().Name})", unreachable: false, error);
    }

    private static StsException FromHttpRequest(HttpRequestException request, string where, Uri target, StsTransport? transport, Exception error)
    {
        if (request.HttpRequestError == HttpRequestError.ProxyTunnelError)
        {
            var proxy = transport?.ProxyFor(target) is { } uri ? PrintableText.Url(uri) : "the proxy";
            return new StsException(
                "ProxyRefused",
                $"the proxy {proxy} refused to open a connection to {PrintableText.Escape(target.Authority)}",
                unreachable: true,
                error);
        }

        if (request.HttpRequestError == HttpRequestError.ConnectionError && Find<SocketException>(request) is { } socket)
        {
            return Unreachable(where, SocketErrorText(socket.SocketErrorCode), error);
        }

        return Unreachable(where, HttpErrorText(request.HttpRequestError, target), error);
    }

    private static string HttpErrorText(HttpRequestError error, Uri target) => error switch
    {
        HttpRequestError.NameResolutionError => $"the host name {PrintableText.Escape(target.Host)} could not be resolved",
        HttpRequestError.ConnectionError => "the connection failed",
        HttpRequestError.SecureConnectionError => "the TLS handshake failed",
        HttpRequestError.ProxyTunnelError => "the proxy refused to open a connection",
        HttpRequestError.UserAuthenticationError => "the proxy refused the credentials",
        HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse => "it answered with something that is not HTTP",
        HttpRequestError.ResponseEnded => "it closed the connection before it finished answering",
        HttpRequestError.ConfigurationLimitExceeded => string.Create(CultureInfo.InvariantCulture, $"its answer's headers are larger than {StsTransportOptions.MaxResponseBytes / 1024} KiB"),
        _ => "the request failed",
    };

    private static string SocketErrorText(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "the host name could not be resolved",
        SocketError.TimedOut => "the connection timed out",
        SocketError.NetworkUnreachable or SocketError.NetworkDown => "the network is unreachable",
        SocketError.HostUnreachable or SocketError.HostDown => "the host is unreachable",
        SocketError.ConnectionReset or SocketError.ConnectionAborted => "the connection was reset",
        SocketError.AccessDenied => "the connection was not permitted",
        _ => $"the connection failed ({error})",
    };

    private static StsException Unreachable(string where, string why, Exception error) =>
        new("EndpointUnreachable", $"could not reach {where}: {why}", unreachable: true, error);

    private static StsException NotSts(string where, int? status, Exception error, string service) => new(
        "NotAnStsResponse",
        status is { } code
            ? string.Create(CultureInfo.InvariantCulture, $"{where} answered HTTP {code} with something that is not an {service} response")
            : $"{where} answered with something that is not an {service} response",
        unreachable: false,
        error);

    private static T? Find<T>(Exception error, Func<T, bool>? match = null)
        where T : Exception
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is T found && (match is null || match(found)))
            {
                return found;
            }
        }

        return null;
    }
}
