using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A small HTTP proxy in front of moto, for what moto's own recorder cannot do: canned answers for
/// paths moto does not serve, and seeing which host a client tried to reach through it. It forwards every request unchanged (the Host header too, so SigV4
/// signatures still verify) and records the method, the target and the form parameters of the body
/// (never headers, where the signature and session token travel). Pointed at as an HTTP(S) proxy
/// it records <c>CONNECT host:port</c>, the host a client tried to reach, and refuses the tunnel,
/// so nothing leaves the machine. Extra canned answers fill paths moto does not serve.
/// <see cref="Fault"/> makes it answer as a failing STS would (throttling, 503, a reset connection,
/// a stall), and <see cref="ShortenExpirationTo"/> makes the credentials moto issues expire soon,
/// as no real session shorter than 15 minutes can.
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
    private volatile ProxyFault fault;
    private long shortenTicks = -1;

    private RecordingProxy(Uri target)
    {
        this.target = target;
        listener.Start();
        accepting = Task.Run(AcceptAsync);
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Starts a proxy forwarding to <paramref name="targetEndpoint"/> (moto).</summary>
    public static RecordingProxy Start(string targetEndpoint) => new(new Uri(targetEndpoint));

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

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    // One request per connection: the answer says Connection: close.
    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var (method, requestTarget, headers) = await ReadHeadAsync(stream);
                var body = headers.TryGetValue("Content-Length", out var length)
                    ? await ReadExactlyAsync(stream, int.Parse(length, CultureInfo.InvariantCulture))
                    : [];
                var form = headers.TryGetValue("Content-Type", out var type) && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                    ? RecordedRequest.ParseForm(Encoding.UTF8.GetString(body))
                    : new Dictionary<string, string>();
                lock (requests)
                {
                    requests.Add(new RecordedRequest(method, requestTarget, form));
                }

                if (method == "CONNECT")
                {
                    await WriteAsync(stream, 502, "Bad Gateway", [], []);
                    return;
                }

                var path = requestTarget.Split('?')[0];
                if (method == "GET" && canned.TryGetValue(path, out var answer))
                {
                    await WriteAsync(stream, 200, "OK", [("Content-Type", "application/json")], Encoding.UTF8.GetBytes(answer));
                    return;
                }

                switch (fault)
                {
                    case ProxyFault.Throttle:
                        await WriteAsync(stream, 400, "Bad Request", [("Content-Type", "text/xml")], StsError("Sender", "Throttling", "Rate exceeded"));
                        return;
                    case ProxyFault.Unavailable:
                        await WriteAsync(stream, 503, "Service Unavailable", [("Content-Type", "text/xml")], StsError("Receiver", "ServiceUnavailable", "Service is unable to handle request"));
                        return;
                    case ProxyFault.Reset:
                        // RST instead of FIN: the client sees "connection reset by peer".
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    case ProxyFault.Stall:
                        while (fault == ProxyFault.Stall && !stopping.IsCancellationRequested)
                        {
                            await Task.Delay(100);
                        }

                        break;
                }

                await ForwardAsync(stream, method, requestTarget, headers, body);
            }
            catch (Exception e) when (e is IOException or SocketException or FormatException or HttpRequestException)
            {
                // The client went away, or sent something this small proxy does not speak.
            }
        }
    }

    private async Task ForwardAsync(NetworkStream stream, string method, string requestTarget, Dictionary<string, string> headers, byte[] body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(target, requestTarget));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.Clear();
        foreach (var (name, value) in headers)
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
        await WriteAsync(stream, (int)response.StatusCode, response.ReasonPhrase ?? "OK", responseHeaders, responseBody);
    }

    private static byte[] StsError(string type, string code, string message) =>
        Encoding.UTF8.GetBytes($"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>");

    private static async Task<(string Method, string Target, Dictionary<string, string> Headers)> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one) == 0 || head.Count > 64 * 1024)
            {
                throw new IOException("connection closed before the end of the request head");
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return (requestLine[0], requestLine[1], headers);
    }

    private static async Task<byte[]> ReadExactlyAsync(NetworkStream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer);
        return buffer;
    }

    private static async Task WriteAsync(NetworkStream stream, int status, string reason, IEnumerable<(string Name, string Value)> headers, byte[] body)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
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
