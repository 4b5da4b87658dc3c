using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A small HTTP proxy in front of moto, for what moto's own recorder cannot do: canned answers for
/// paths moto does not serve, a TLS front, and seeing which host a client tried to reach through it.
/// It forwards every request unchanged (the Host header too, so SigV4
/// signatures still verify) and records the method, the target and the form parameters of the body
/// (never headers, where the signature and session token travel). Pointed at as an HTTP(S) proxy
/// it records <c>CONNECT host:port</c>, the host a client tried to reach, and refuses the tunnel,
/// so nothing leaves the machine. Extra canned answers fill paths moto does not serve. With
/// keep-alive it answers as STS does, HTTP/1.1 keeping the connection open for the next request
/// (moto itself closes after every answer), and counts the connections it accepted.
/// </summary>
public sealed class RecordingProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Uri target;
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<RecordedRequest> requests = [];
    private readonly Dictionary<string, string> canned = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task accepting;

    private readonly X509Certificate2? certificate;
    private readonly bool keepAlive;
    private volatile ProxyFault fault;
    private long shortenTicks = -1;
    private int accepted;

    private RecordingProxy(Uri target, X509Certificate2? certificate, bool keepAlive)
    {
        this.target = target;
        this.certificate = certificate;
        this.keepAlive = keepAlive;
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    public string Endpoint => $"{(certificate is null ? "http" : "https")}://127.0.0.1:{Port}";

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>
    /// Starts a proxy forwarding to <paramref name="targetEndpoint"/> (moto); with a
    /// <paramref name="certificate"/> it speaks TLS with it (an HTTPS endpoint in front of moto).
    /// </summary>
    public static RecordingProxy Start(string targetEndpoint, X509Certificate2? certificate = null) => new(new Uri(targetEndpoint), certificate, keepAlive: false);

    /// <summary>A proxy that keeps connections open between requests (HTTP/1.1 keep-alive), as STS does.</summary>
    public static RecordingProxy StartKeepAlive(string targetEndpoint, X509Certificate2? certificate = null) => new(new Uri(targetEndpoint), certificate, keepAlive: true);

    /// <summary>The TCP connections accepted so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref accepted);

    /// <summary>Answers GET <paramref name="path"/> with <paramref name="body"/> (200) instead of forwarding it.</summary>
    public RecordingProxy Answer(string path, string body)
    {
        canned[path] = body;
        return this;
    }

    /// <summary>How requests are answered from now on; <see cref="ProxyFault.None"/> forwards them.</summary>
    public ProxyFault Fault
    {
        get => fault;
        set => fault = value;
    }

    /// <summary>When set, every <c>Expiration</c> in moto's answers becomes now plus this.</summary>
    public TimeSpan? ShortenExpirationTo
    {
        get => Interlocked.Read(ref shortenTicks) is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null;
        set => Interlocked.Exchange(ref shortenTicks, value?.Ticks ?? -1);
    }

    /// <summary>Every request seen so far, in order.</summary>
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

    /// <summary>The AssumeRole requests seen so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> AssumeRoles => [.. Requests.Where(r => r.Action == "AssumeRole")];

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try
        {
            await accepting;
        }
        catch (OperationCanceledException)
        {
        }

        http.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref accepted);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    // One request per connection (the answer says Connection: close), or, with keep-alive, every
    // request the client sends on it until it closes it.
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
                    do
                    {
                        await ServeOneAsync(client, stream);
                    }
                    while (keepAlive);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or FormatException or HttpRequestException or AuthenticationException)
            {
                // The client went away (or closed a kept-alive connection), refused the certificate, or sent something this small proxy does not speak.
            }
        }
    }

    private async Task ServeOneAsync(TcpClient client, Stream stream)
    {
        var head = await HttpWire.ReadHeadAsync(stream);
        var body = await HttpWire.ReadBodyAsync(stream, head);
        lock (requests)
        {
            requests.Add(new RecordedRequest(head.Method, head.Target, HttpWire.FormOf(head, body)));
        }

        if (head.Method == "CONNECT")
        {
            await HttpWire.WriteAsync(stream, 502, "Bad Gateway", [], []);
            return;
        }

        var path = head.Target.Split('?')[0];
        if (head.Method == "GET" && canned.TryGetValue(path, out var answer))
        {
            await HttpWire.WriteAsync(stream, 200, "OK", [("Content-Type", "application/json")], Encoding.UTF8.GetBytes(answer));
            return;
        }

        switch (fault)
        {
            case ProxyFault.Throttle:
                await HttpWire.WriteAsync(stream, 400, "Bad Request", [("Content-Type", "text/xml")], StsError("Sender", "Throttling", "Rate exceeded"));
                return;
            case ProxyFault.Unavailable:
                await HttpWire.WriteAsync(stream, 503, "Service Unavailable", [("Content-Type", "text/xml")], StsError("Receiver", "ServiceUnavailable", "Service is unable to handle request"));
                return;
            case ProxyFault.Reset:
                // RST instead of FIN: the client sees "connection reset by peer".
                client.Client.LingerState = new LingerOption(true, 0);
                throw new IOException("reset");
            case ProxyFault.Stall:
                while (fault == ProxyFault.Stall && !stopping.IsCancellationRequested)
                {
                    await Task.Delay(100);
                }

                break;
        }

        await ForwardAsync(stream, head, body);
    }

    private static byte[] StsError(string type, string code, string message) =>
        Encoding.UTF8.GetBytes($"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>");

    private async Task ForwardAsync(Stream stream, HttpHead head, byte[] body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(head.Method), new Uri(target, head.Target));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.Clear();
        foreach (var (name, value) in head.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.Host = value;
            }
            else if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && !name.Equals("Expect", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await http.SendAsync(request);
        var responseBody = await response.Content.ReadAsByteArrayAsync();
        if (ShortenExpirationTo is { } lifetime)
        {
            var expiration = DateTime.UtcNow.Add(lifetime).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            responseBody = Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(Encoding.UTF8.GetString(responseBody), "<Expiration>[^<]*</Expiration>", $"<Expiration>{expiration}</Expiration>"));
        }

        var responseHeaders = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Content-Length" or "Transfer-Encoding" or "Connection"))
            .SelectMany(h => h.Value.Select(v => (h.Key, v)))
            .ToList();
        await HttpWire.WriteAsync(stream, (int)response.StatusCode, response.ReasonPhrase ?? "OK", responseHeaders, responseBody, keepAlive: keepAlive);
    }
}

/// <summary>How <see cref="RecordingProxy"/> answers requests it would otherwise forward.</summary>
public enum ProxyFault
{
    /// <summary>Forward to moto.</summary>
    None,

    /// <summary>400 with STS's <c>Throttling</c> error.</summary>
    Throttle,

    /// <summary>503 with STS's <c>ServiceUnavailable</c> error.</summary>
    Unavailable,

    /// <summary>Close the connection with a reset, answering nothing.</summary>
    Reset,

    /// <summary>Answer nothing until the fault is cleared, then forward.</summary>
    Stall,
}
