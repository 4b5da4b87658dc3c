using System.Net;
using System.Text;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AwsAssumeRole.Server;

/// <summary>
/// The HTTP side of <c>serve</c>: Kestrel on 127.0.0.1, HTTP/1.1 only, every request handed to
/// <see cref="CredentialsEndpoint"/>, which decides the answer. Built with
/// <see cref="WebApplication.CreateEmptyBuilder"/> and <c>UseKestrelCore</c>, the Native AOT-ready
/// minimum: unlike <c>CreateSlimBuilder</c> it reads no <c>appsettings.json</c> from the current
/// directory (whose <c>Kestrel:Endpoints</c> section would make the server listen wherever that file
/// says, 0.0.0.0 included: seen here) and watches no folder with inotify; it reads no
/// <c>ASPNETCORE_</c>/<c>DOTNET_</c> variable, and logs nothing (stdout is for credentials). Every
/// limit a client could abuse is set: request line, header size and count, time to send the
/// headers, body size, data rates, connections.
/// </summary>
internal sealed class CredentialsServer : IAsyncDisposable
{
    /// <summary>More connections than any job's SDK clients open; a flood waits for the kernel's backlog.</summary>
    public const int MaxConnections = 128;

    /// <summary>What a client gets to send all its headers: a client that stalls is cut off then.</summary>
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(5);

    private static readonly byte[] Starting = Encoding.UTF8.GetBytes(CredentialsEndpoint.Error(503, "Starting", "the endpoint is starting").Body);

    private readonly WebApplication app;
    private volatile CredentialsEndpoint? endpoint;
    private bool stopped;

    private CredentialsServer(WebApplication app)
    {
        this.app = app;
        app.Run(HandleAsync);
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// Binds 127.0.0.1:<paramref name="port"/> (0: a free port the kernel picks) and starts
    /// accepting; requests are answered 503 until <see cref="Serve"/>. A port in use is exit 2.
    /// </summary>
    public static async Task<CredentialsServer> StartAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
            var limits = options.Limits;
            limits.MaxConcurrentConnections = MaxConnections;
            limits.MaxConcurrentUpgradedConnections = 0;
            limits.MaxRequestLineSize = 2 * 1024;
            limits.MaxRequestHeadersTotalSize = 16 * 1024;
            limits.MaxRequestHeaderCount = 64;
            limits.MaxRequestBodySize = 1024;
            limits.RequestHeadersTimeout = HeadersTimeout;
            // Also the time a connection may stay silent before its first request: idle sockets
            // cannot hold the connection limit for long.
            limits.KeepAliveTimeout = HeadersTimeout;
            limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        });

        // The tool handles its signals itself; the host's console lifetime would take SIGINT and SIGTERM.
        builder.Services.AddSingleton<IHostLifetime, NoLifetime>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var server = new CredentialsServer(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw AssumeRoleException.BadInput(
                $"cannot listen on 127.0.0.1:{port}: {Messages.OneLine(e.InnerException?.Message ?? e.Message)}",
                port == 0 ? null : "give another --port, or leave it out for a free one");
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Port = new Uri(address).Port;
        return server;
    }

    /// <summary>From now on, requests are answered by <paramref name="answers"/>.</summary>
    public void Serve(CredentialsEndpoint answers) => endpoint = answers;

    /// <summary>Stops accepting, closes the port and ends open connections.</summary>
    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-store";
        if (endpoint is not { } answers)
        {
            response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            response.ContentLength = Starting.Length;
            await response.Body.WriteAsync(Starting, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var answer = answers.Answer(new EndpointRequest(
            request.Method,
            request.Path.Value ?? string.Empty,
            [.. request.Headers.Host.Select(value => value ?? string.Empty)],
            [.. request.Headers.Authorization.Select(value => value ?? string.Empty)]));
        response.StatusCode = answer.Status;
        if (answer.Allow is { } allow)
        {
            response.Headers.Allow = allow;
        }

        var body = Encoding.UTF8.GetBytes(answer.Body);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    private sealed class NoLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
