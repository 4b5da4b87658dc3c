using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A real moto_server (an independent STS/IAM emulator) on a free loopback port, with moto's own
/// request recorder on: every request it receives (method, path, body) is written to a file of its
/// own, which the tests read back to count STS requests and to see what each carried.
/// </summary>
public sealed class MotoServer : IAsyncDisposable, IDisposable
{
    private readonly Process process;
    private readonly List<string> log = [];
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string recording;

    private MotoServer(Process process, int port, string recording)
    {
        this.process = process;
        this.recording = recording;
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

        var recording = Path.Combine(Path.GetTempPath(), $"aar-moto-recording-{port}-{Guid.NewGuid():N}");
        info.Environment["MOTO_RECORDER_FILEPATH"] = recording;
        var server = new MotoServer(Process.Start(info)!, port, recording);
        await server.WaitUntilReadyAsync();
        await server.StartRecordingAsync();
        if (authAfter is null)
        {
            // With IAM enforcement the probe would spend one of the set-up calls: the shared moto proves it.
            await server.ProveTheRecorderCountsAsync();
        }

        return server;
    }

    /// <summary>
    /// Every STS request moto received since the last reset, in order, as moto's recorder wrote it
    /// down (before answering it). The recorder's own calls and moto's API are left out.
    /// </summary>
    public async Task<IReadOnlyList<RecordedRequest>> RecordedRequestsAsync()
    {
        using var response = await http.GetAsync(new Uri(Endpoint + "/moto-api/recorder/download-recording"));
        var text = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : string.Empty;
        var requests = new List<RecordedRequest>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var document = System.Text.Json.JsonDocument.Parse(line);
            var root = document.RootElement;
            var path = new Uri(root.GetProperty("url").GetString()!).AbsolutePath;
            if (path.StartsWith("/moto-api/", StringComparison.Ordinal))
            {
                continue;
            }

            var body = root.TryGetProperty("body", out var b) && b.ValueKind == System.Text.Json.JsonValueKind.String ? b.GetString()! : string.Empty;
            if (root.TryGetProperty("body_encoded", out var encoded) && encoded.ValueKind == System.Text.Json.JsonValueKind.True)
            {
                body = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(body));
            }

            requests.Add(new RecordedRequest(root.GetProperty("method").GetString()!, path, HttpWire.ParseForm(body)));
        }

        return requests;
    }

    /// <summary>The <c>AssumeRole</c> requests among <see cref="RecordedRequestsAsync"/>.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> AssumeRolesAsync() =>
        [.. (await RecordedRequestsAsync()).Where(r => r.Action == "AssumeRole")];

    /// <summary>The number of STS requests (POST /) received since the last reset.</summary>
    public async Task<int> StsRequestCountAsync() =>
        (await RecordedRequestsAsync()).Count(r => r.Method == "POST" && r.Target == "/");

    /// <summary>Resets moto's state and its recording.</summary>
    public async Task ResetAsync()
    {
        await PostAsync("/moto-api/reset");
        await PostAsync("/moto-api/recorder/reset-recording");
        await StartRecordingAsync();
        lock (log)
        {
            log.Clear();
        }
    }

    /// <summary>
    /// Specs assert "zero requests" from the recording: make sure an empty recording cannot come from
    /// a recorder that records nothing. One unsigned STS request must show up, then the recording starts afresh.
    /// </summary>
    private async Task ProveTheRecorderCountsAsync()
    {
        using (var content = new FormUrlEncodedContent([new("Action", "GetCallerIdentity"), new("Version", "2011-06-15")]))
        using (await http.PostAsync(new Uri(Endpoint + "/"), content))
        {
        }

        var counted = await StsRequestCountAsync();
        if (counted != 1)
        {
            throw new InvalidOperationException($"moto's recorder counted {counted} requests after one: the request counts of the specs could not be trusted");
        }

        await ResetAsync();
    }

    private Task StartRecordingAsync() => PostAsync("/moto-api/recorder/start-recording");

    private async Task PostAsync(string path)
    {
        using var response = await http.PostAsync(new Uri(Endpoint + path), null);
        response.EnsureSuccessStatusCode();
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
        File.Delete(recording);
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
