using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A misbehaving endpoint on a free loopback port, for what moto never does: answers that are huge,
/// not XML, full of terminal escape sequences, redirects, answers that never come or come one byte
/// a second, a proxy that wants a password, TLS with a certificate for another name. It records
/// what each request carried (method, target, form parameters) and whether it was sent at all.
/// </summary>
public sealed class FakeSts : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<Stream, HttpHead, byte[], CancellationToken, Task> answer;
    private readonly X509Certificate2? certificate;
    private readonly List<RecordedRequest> requests = [];
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    private FakeSts(Func<Stream, HttpHead, CancellationToken, Task> answer, X509Certificate2? certificate)
        : this((stream, head, _, token) => answer(stream, head, token), certificate)
    {
    }

    private FakeSts(Func<Stream, HttpHead, byte[], CancellationToken, Task> answer, X509Certificate2? certificate)
    {
        this.answer = answer;
        this.certificate = certificate;
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary><c>http://127.0.0.1:PORT</c> (or https with a certificate).</summary>
    public string Endpoint => $"{(certificate is null ? "http" : "https")}://127.0.0.1:{Port}";

    /// <summary>Every request that arrived, in order (a CONNECT counts).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>
    /// Answers each request with what <paramref name="handler"/> makes of its head and body: the
    /// stand-ins of services moto does not have (IAM Identity Center, the console federation
    /// endpoint) are built on this.
    /// </summary>
    public static FakeSts Serving(Func<HttpHead, byte[], Task<HttpAnswer>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return new(
            async (stream, head, body, token) =>
            {
                var answer = await handler(head, body);
                await HttpWire.WriteAsync(stream, answer.Status, answer.Status < 400 ? "OK" : "Error", [("Content-Type", answer.ContentType), .. answer.Headers], Encoding.UTF8.GetBytes(answer.Body), token);
            },
            null);
    }

    /// <summary>Answers every request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public static FakeSts Answering(int status, string body, string contentType = "text/xml") =>
        new((stream, _, token) => HttpWire.WriteAsync(stream, status, "Answer", [("Content-Type", contentType)], Encoding.UTF8.GetBytes(body), token), null);

    /// <summary>An STS error document with this code and message (<paramref name="xmlMessage"/> is put in as it is: XML).</summary>
    public static FakeSts AnsweringStsError(int status, string code, string xmlMessage) => Answering(
        status,
        $"""<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{xmlMessage}</Message></Error><RequestId>1</RequestId></ErrorResponse>""");

    /// <summary>
    /// Answers with the start of an STS document (a success, or an error for a status of 400 and up)
    /// whose one value is <paramref name="length"/> bytes of <c>x</c>, written as they go (never held
    /// in memory): with a Content-Length, or chunked when <paramref name="chunked"/>. A parser that
    /// reads it all holds the whole value.
    /// </summary>
    public static FakeSts AnsweringHuge(long length, int status = 200, bool chunked = false) => new(
        async (stream, _, token) =>
        {
            var start = Encoding.ASCII.GetBytes(status < 400
                ? """<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>"""
                : """<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>""");
            var block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            await HttpWire.WriteHeadAsync(stream, status, "Answer", [("Content-Type", "text/xml"), chunked ? ("Transfer-Encoding", "chunked") : ("Content-Length", (start.Length + length).ToString(CultureInfo.InvariantCulture))], token);
            await WriteAsync(start);
            for (long sent = 0; sent < length; sent += block.Length)
            {
                await WriteAsync(block);
            }

            async Task WriteAsync(byte[] bytes)
            {
                if (chunked)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"), token);
                }

                await stream.WriteAsync(bytes, token);
                if (chunked)
                {
                    await stream.WriteAsync("\r\n"u8.ToArray(), token);
                }
            }
        },
        null);

    /// <summary>Reads the request and never answers (the connection stays open until disposed).</summary>
    public static FakeSts Silent() => new((_, _, token) => Task.Delay(Timeout.Infinite, token), null);

    /// <summary>Sends the headers of a 1000-byte answer at once, then one byte a second.</summary>
    public static FakeSts Dripping() => new(
        async (stream, _, token) =>
        {
            await HttpWire.WriteHeadAsync(stream, 200, "OK", [("Content-Type", "text/xml"), ("Content-Length", "1000")], token);
            while (true)
            {
                await stream.WriteAsync("<"u8.ToArray(), token);
                await stream.FlushAsync(token);
                await Task.Delay(TimeSpan.FromSeconds(1), token);
            }
        },
        null);

    /// <summary>Answers every request with a redirect to <paramref name="location"/>.</summary>
    public static FakeSts Redirecting(string location, int status = 307) =>
        new((stream, _, token) => HttpWire.WriteAsync(stream, status, "Redirect", [("Location", location)], [], token), null);

    /// <summary>A proxy that answers every request, CONNECT included, with 407 and a body naming the credentials it got.</summary>
    public static FakeSts ProxyRequiringAuthentication() => new(
        (stream, head, token) => HttpWire.WriteAsync(
            stream,
            407,
            "Proxy Authentication Required",
            [("Proxy-Authenticate", "Basic realm=\"corp\"")],
            Encoding.UTF8.GetBytes($"denied: {head.Headers.GetValueOrDefault("Proxy-Authorization")} for {head.Target}"),
            token),
        null);

    /// <summary>Speaks TLS with <paramref name="certificate"/>, then answers 200 with an empty body.</summary>
    public static FakeSts WithTls(X509Certificate2 certificate) =>
        new((stream, _, token) => HttpWire.WriteAsync(stream, 200, "OK", [], [], token), certificate);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        var serving = new List<Task>();
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                break;
            }

            serving.Add(Task.Run(() => ServeAsync(client)));
        }

        await Task.WhenAll(serving);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(certificate);
                    stream = tls;
                }

                await using (stream)
                {
                    var head = await HttpWire.ReadHeadAsync(stream, stopping.Token);
                    var body = await HttpWire.ReadBodyAsync(stream, head, stopping.Token);
                    lock (requests)
                    {
                        requests.Add(new RecordedRequest(head.Method, head.Target, HttpWire.FormOf(head, body)));
                    }

                    await answer(stream, head, body, stopping.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or AuthenticationException or ObjectDisposedException)
            {
                // The client went away (as the tool does with an answer too large or too slow), or the test ended.
            }
        }
    }
}

/// <summary>What a <see cref="FakeSts.Serving"/> handler answers.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body (UTF-8).</param>
/// <param name="ContentType">Its type.</param>
public sealed record HttpAnswer(int Status, string Body, string ContentType = "application/json")
{
    /// <summary>More headers.</summary>
    public IReadOnlyList<(string Name, string Value)> Headers { get; init; } = [];
}
