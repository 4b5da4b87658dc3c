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
                        await ServeOneAsync(stream);
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

    private async Task ServeOneAsync(Stream stream)
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

        await ForwardAsync(stream, head, body);
    }

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
        var responseHeaders = response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key is not ("Content-Length" or "Transfer-Encoding" or "Connection"))
            .SelectMany(h => h.Value.Select(v => (h.Key, v)))
            .ToList();
        await HttpWire.WriteAsync(stream, (int)response.StatusCode, response.ReasonPhrase ?? "OK", responseHeaders, responseBody, keepAlive: keepAlive);
    }
}
