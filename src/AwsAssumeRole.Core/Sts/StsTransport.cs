using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// The one HTTP client every STS call of a run goes through, given to the AWS SDK as its
/// <see cref="Amazon.Runtime.HttpClientFactory"/>. It bounds everything that comes from the network:
/// <list type="bullet">
/// <item>time: a connection may take <see cref="StsTransportOptions.ConnectTimeout"/>, one request
/// (headers and the whole answer) <see cref="StsTransportOptions.RequestTimeout"/>, and the run,
/// all requests and the SDK's retries together, <see cref="StsTransportOptions.Timeout"/>; a
/// request that times out while the run has time left is retried by the SDK (standard mode);</item>
/// <item>size: at most <see cref="StsTransportOptions.MaxResponseBytes"/> of an answer is read, and
/// it is read here, under the deadline, so a slow drip cannot stall the SDK's parser;</item>
/// <item>where: redirects are not followed (STS never redirects; a redirect would take the
/// session token and the MFA code to another host): a 3xx is an error naming the endpoint;</item>
/// <item>trust: TLS as the system trusts it, or only the CA bundle given; a certificate refused
/// is reported by what was wrong with it;</item>
/// <item>proxies: the one given, except for loopback endpoints, which never leave the machine
/// (plain HTTP to them is allowed without a word, so it must not go to a proxy either).</item>
/// </list>
/// The calls of a run are made one after another, so the run's budget and what the last request
/// saw are plain fields.
/// </summary>
public sealed class StsTransport : IDisposable
{
    private readonly HttpClient client;
    private readonly TimeProvider time;
    private readonly object gate = new();
    private TimeSpan spent;
    private TimeSpan spentSinceAnswer;
    private string? certificateProblem;

    /// <summary>Builds the client; reads the CA bundle now, so a bad one fails before any call (exit 2).</summary>
    public StsTransport(StsTransportOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Options = options;
        this.time = time;
        var ssl = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = CheckCertificate };
        if (options.CaBundle is { } bundle)
        {
            ssl.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            ssl.CertificateChainPolicy.CustomTrustStore.AddRange(CaBundles.Load(bundle, options.CaBundleSource ?? "the CA bundle"));
        }

        var sockets = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = Min(StsTransportOptions.ConnectTimeout, options.Timeout),
            MaxResponseHeadersLength = StsTransportOptions.MaxResponseBytes / 1024,
            // An unread answer (too large, a redirect) closes its connection instead of being read to the end.
            MaxResponseDrainSize = 0,
            UseCookies = false,
            UseProxy = options.Proxy is not null,
            Proxy = options.Proxy is { } proxy ? new LoopbackBypass(proxy) : null,
            SslOptions = ssl,
        };
        client = new HttpClient(new BoundingHandler(this, sockets)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        HttpClientFactory = new SharedClientFactory(client);
        if (options.WarmTrustStore)
        {
            // Checking the server's certificate loads the system's certificate authorities (on Linux
            // the whole bundle, tens of milliseconds), even with a CA bundle of our own. Load them now,
            // on another thread, while the connection and the TLS handshake wait for the network.
            _ = Task.Run(WarmTrustStore);
        }
    }

    /// <summary>The options this transport was built with.</summary>
    public StsTransportOptions Options { get; }

    /// <summary>What the AWS SDK builds its HTTP clients with: always this transport's one client.</summary>
    public Amazon.Runtime.HttpClientFactory HttpClientFactory { get; }

    /// <summary>The same bounded client, for calls that are not made through the AWS SDK (the console federation endpoint).</summary>
    public HttpClient Client => client;

    /// <summary>The status of the last answer received, or null before any.</summary>
    public HttpStatusCode? LastStatus { get; private set; }

    /// <summary>Time spent in requests since the last answer (the time a failing call spent), for messages.</summary>
    public TimeSpan SpentSinceAnswer
    {
        get
        {
            lock (gate)
            {
                return spentSinceAnswer;
            }
        }
    }

    /// <summary>
    /// Starts a new run: the <see cref="StsTransportOptions.Timeout"/> budget is whole again. A
    /// long-lived session (serve) runs the chain many times over the same connections; each run gets
    /// the whole budget, or one slow hour would stop every renewal after it.
    /// </summary>
    public void StartRun()
    {
        lock (gate)
        {
            spent = TimeSpan.Zero;
            spentSinceAnswer = TimeSpan.Zero;
        }
    }

    /// <summary>The proxy a request to <paramref name="target"/> goes through, or null.</summary>
    public Uri? ProxyFor(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var proxy = Options.Proxy;
        return proxy is null || target.IsLoopback || proxy.IsBypassed(target) ? null : proxy.GetProxy(target);
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static void WarmTrustStore()
    {
        try
        {
            using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly);
            foreach (var certificate in store.Certificates)
            {
                certificate.Dispose();
            }
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            // Only a head start: the handshake loads them itself, and reports what is wrong.
        }
    }

    private TimeSpan Remaining()
    {
        lock (gate)
        {
            return Options.Timeout - spent;
        }
    }

    private void Spend(TimeSpan duration, bool answered)
    {
        lock (gate)
        {
            spent += duration;
            spentSinceAnswer = answered ? TimeSpan.Zero : spentSinceAnswer + duration;
        }
    }

    private bool CheckCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        var host = (sender as SslStream)?.TargetHostName is { Length: > 0 } name ? PrintableText.Escape(name, 255) : "the endpoint";
        string problem;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            problem = $"{host} presented no TLS certificate";
        }
        else if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            problem = $"the TLS certificate presented by {host} does not match the name {host}";
        }
        else
        {
            var status = chain?.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status) ?? X509ChainStatusFlags.NoError;
            problem = (status & (X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.NotTimeNested)) != 0
                ? $"the TLS certificate presented by {host} has expired or is not valid yet"
                : (status & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0
                    ? $"the TLS certificate presented by {host} is not signed by a certificate authority {(Options.CaBundle is null ? "this system trusts" : "in the CA bundle")}"
                    : $"the TLS certificate presented by {host} could not be verified ({status})";
        }

        lock (gate)
        {
            certificateProblem = problem;
        }

        return false;
    }

    private string? TakeCertificateProblem()
    {
        lock (gate)
        {
            var problem = certificateProblem;
            certificateProblem = null;
            return problem;
        }
    }

    /// <summary>Deadlines, redirects, the size of answers: see <see cref="StsTransport"/>.</summary>
    private sealed class BoundingHandler(StsTransport transport, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.RequestUri!;
            var remaining = transport.Remaining();
            if (remaining <= TimeSpan.Zero)
            {
                throw RunTimedOut(target);
            }

            var limit = Min(StsTransportOptions.RequestTimeout, remaining);
            using var timer = new CancellationTokenSource(limit, transport.time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            var started = transport.time.GetTimestamp();
            var answered = false;
            try
            {
                var response = await base.SendAsync(request, linked.Token).ConfigureAwait(false);
                try
                {
                    transport.LastStatus = response.StatusCode;
                    Check(response, target);
                    await BufferAsync(response, target, linked.Token).ConfigureAwait(false);
                    answered = true;
                    return response;
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }
            catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                transport.Spend(transport.time.GetElapsedTime(started), answered: false);
                started = 0;
                throw limit >= remaining
                    ? RunTimedOut(target)
                    : new StsRequestTimeoutException($"no complete answer from {PrintableText.Url(target)} within {StsTransportOptions.DescribeSeconds(limit)}");
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && e.InnerException is TimeoutException)
            {
                // SocketsHttpHandler's ConnectTimeout.
                throw new StsRequestTimeoutException($"could not connect to {PrintableText.Url(target)} within {StsTransportOptions.DescribeSeconds(StsTransportOptions.ConnectTimeout)}", e);
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError && transport.TakeCertificateProblem() is { } problem)
            {
                throw new StsTransportException("TlsCertificateRejected", problem, e);
            }
            finally
            {
                if (started != 0)
                {
                    transport.Spend(transport.time.GetElapsedTime(started), answered);
                }
            }
        }

        private StsTransportException RunTimedOut(Uri target) =>
            new("TimedOut", $"timed out after {StsTransportOptions.DescribeSeconds(transport.Options.Timeout)} talking to {PrintableText.Url(target)}");

        private void Check(HttpResponseMessage response, Uri target)
        {
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400)
            {
                var location = response.Headers.Location is { IsAbsoluteUri: true } to ? $" to {PrintableText.Url(new Uri(to.GetLeftPart(UriPartial.Authority)))}" : string.Empty;
                throw new StsTransportException(
                    "Redirected",
                    string.Create(CultureInfo.InvariantCulture, $"{PrintableText.Url(target)} answered with a redirect (HTTP {status}){location}, which STS never sends; the request was not sent again"));
            }

            if (response.StatusCode == HttpStatusCode.ProxyAuthenticationRequired)
            {
                var proxy = transport.ProxyFor(target) is { } uri ? PrintableText.Url(uri) : "a proxy";
                throw new StsTransportException("ProxyRefused", $"the proxy {proxy} refused the request to {PrintableText.Url(target)} (HTTP 407: proxy authentication required)");
            }

            if (response.Content.Headers.ContentLength > StsTransportOptions.MaxResponseBytes)
            {
                throw TooLarge(target, status);
            }
        }

        // Reads the whole answer now, under the request's deadline, and no more than the limit.
        private static async Task BufferAsync(HttpResponseMessage response, Uri target, CancellationToken cancellationToken)
        {
            var original = response.Content;
            var buffer = new byte[StsTransportOptions.MaxResponseBytes + 1];
            var length = 0;
            var stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }

            if (length > StsTransportOptions.MaxResponseBytes)
            {
                throw TooLarge(target, (int)response.StatusCode);
            }

            var buffered = new ByteArrayContent(buffer, 0, length);
            foreach (var header in original.Headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
            {
                buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            buffered.Headers.ContentLength = length;
            response.Content = buffered;
            original.Dispose();
        }

        private static StsTransportException TooLarge(Uri target, int status) => new(
            "ResponseTooLarge",
            string.Create(CultureInfo.InvariantCulture, $"{PrintableText.Url(target)} answered HTTP {status} with more than {StsTransportOptions.MaxResponseBytes / 1024} KiB, which no STS answer is; nothing more was read"));
    }

    /// <summary>A proxy that loopback endpoints bypass.</summary>
    private sealed class LoopbackBypass(IWebProxy inner) : IWebProxy
    {
        public ICredentials? Credentials
        {
            get => inner.Credentials;
            set => inner.Credentials = value;
        }

        public Uri? GetProxy(Uri destination) => destination.IsLoopback ? null : inner.GetProxy(destination);

        public bool IsBypassed(Uri host) => host.IsLoopback || inner.IsBypassed(host);
    }

    /// <summary>Hands the SDK the transport's client every time; the SDK neither caches nor disposes it.</summary>
    private sealed class SharedClientFactory(HttpClient client) : Amazon.Runtime.HttpClientFactory
    {
        public override HttpClient CreateHttpClient(Amazon.Runtime.IClientConfig clientConfig) => client;

        public override bool UseSDKHttpClientCaching(Amazon.Runtime.IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(Amazon.Runtime.IClientConfig clientConfig) => false;
    }
}
