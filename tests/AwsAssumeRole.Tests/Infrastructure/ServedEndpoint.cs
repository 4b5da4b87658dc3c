using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A running <c>aws-assume-role serve</c> without a command: the process, and the URL and token it
/// printed on stdout (read once stdout has ended, as <c>&lt;(...)</c> would).
/// </summary>
public sealed class ServedEndpoint : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private ServedEndpoint(RunningProcess process, Uri uri, string token)
    {
        Process = process;
        Uri = uri;
        Token = token;
    }

    public RunningProcess Process { get; }

    public Uri Uri { get; }

    public string Token { get; }

    public int Port => Uri.Port;

    /// <summary>Starts <c>serve ARGS</c> and waits for its two lines and the end of its stdout.</summary>
    public static async Task<ServedEndpoint> StartAsync(TestEnvironment environment, params string[] arguments)
    {
        var process = ProcessRunner.Start(RepoPaths.Binary, ["serve", .. arguments], environment.Variables);
        try
        {
            var ended = await Task.WhenAny(process.StdoutEnded, Task.Delay(StartTimeout));
            if (ended != process.StdoutEnded || process.Process.HasExited)
            {
                throw new InvalidOperationException($"serve did not print its lines and close stdout within {StartTimeout} (running: {!process.Process.HasExited}):\n{process.Stdout}\n{process.Stderr}");
            }

            var lines = process.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            return new ServedEndpoint(process, new Uri(lines["AWS_CONTAINER_CREDENTIALS_FULL_URI"]), lines["AWS_CONTAINER_AUTHORIZATION_TOKEN"]);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>GET on the endpoint, as an SDK asks: the token verbatim in Authorization.</summary>
    public async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string? token = null, string? host = null, HttpMethod? method = null, string? path = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path is null ? Uri : new Uri(Uri, path));
        if ((token ?? Token) is { Length: > 0 } value)
        {
            request.Headers.TryAddWithoutValidation("Authorization", value);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    /// <summary>True while something accepts connections on the endpoint's port.</summary>
    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The process's open descriptors.</summary>
    public int DescriptorCount() => Directory.GetFileSystemEntries($"/proc/{Process.Id}/fd").Length;

    /// <summary>A line of /proc/PID/status in kB (VmRSS, VmHWM).</summary>
    public long StatusKilobytes(string field) =>
        long.Parse(
            File.ReadAllLines($"/proc/{Process.Id}/status").Single(line => line.StartsWith(field + ":", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture);

    public void Dispose()
    {
        http.Dispose();
        Process.Dispose();
    }
}
