using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A real moto_server (an independent STS/IAM emulator) on a free loopback port. It counts the STS
/// requests it served from its own access log (one <c>"POST / HTTP/1.1"</c> line each).
/// </summary>
public sealed class MotoServer : IAsyncDisposable, IDisposable
{
    private readonly Process process;
    private readonly List<string> log = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private MotoServer(Process process, int port)
    {
        this.process = process;
        Port = port;
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Starts moto; with <paramref name="authAfter"/> it enforces IAM after that many set-up calls.</summary>
    public static async Task<MotoServer> StartAsync(int? authAfter = null)
    {
        var executable = FindExecutable("moto_server")
            ?? throw new InvalidOperationException("moto_server not found on PATH nor in .tools/python/bin: run scripts/ensure-tools");
        var port = FreePort();
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-H");
        info.ArgumentList.Add("127.0.0.1");
        info.ArgumentList.Add("-p");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        if (authAfter is { } count)
        {
            info.Environment["INITIAL_NO_AUTH_ACTION_COUNT"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var server = new MotoServer(Process.Start(info)!, port);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>The number of STS requests (POST /) served since the last reset.</summary>
    public async Task<int> StsRequestCountAsync()
    {
        // moto writes a request's log line after answering it: a sentinel request that we see in
        // the log proves that every line before it has arrived.
        var sentinel = "/moto-api/sentinel-" + Guid.NewGuid().ToString("N");
        using (await http.GetAsync(new Uri(Endpoint + sentinel)))
        {
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            lock (log)
            {
                if (log.Any(line => line.Contains(sentinel, StringComparison.Ordinal)))
                {
                    return log.Count(line => line.Contains("\"POST / HTTP/1.1\"", StringComparison.Ordinal));
                }
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("moto did not log the sentinel request");
    }

    /// <summary>Resets moto's state and the request count.</summary>
    public async Task ResetAsync()
    {
        using (var response = await http.PostAsync(new Uri(Endpoint + "/moto-api/reset"), null))
        {
            response.EnsureSuccessStatusCode();
        }

        await StsRequestCountAsync();
        lock (log)
        {
            log.Clear();
        }
    }

    public string Log()
    {
        lock (log)
        {
            return string.Join('\n', log);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Dispose();
        await Task.CompletedTask;
    }

    public void Dispose()
    {
        http.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.Add(line);
        }
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("moto_server exited at start:\n" + Log());
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint + "/moto-api/"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("moto_server did not start within 30 s:\n" + Log());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first <paramref name="name"/> in <see cref="RepoPaths.SearchPath"/>.</summary>
    public static string? FindExecutable(string name) =>
        RepoPaths.SearchPath
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>One moto server shared by the tests of the "moto" collection, reset before each test.</summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public MotoServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await MotoServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[CollectionDefinition("moto")]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
}
