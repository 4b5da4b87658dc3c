using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using System.Text.RegularExpressions;
using AwsAssumeRole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AwsAssumeRole.Tests.Server;

/// <summary>
/// Who may ask, and what the endpoint bears: wrong or missing tokens, foreign Host headers (DNS
/// rebinding), other methods and paths, oversized and slow requests — each refused or cut off while
/// correct requests are still answered; and a bounded load.
/// </summary>
[Collection("serve")]
[UnsupportedOSPlatform("windows")]
public sealed partial class ServeSecuritySpecs(MotoFixture moto, ITestOutputHelper output) : MotoSpecs(moto)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Requests_without_the_token_from_another_Host_with_another_method_or_path_are_refused_with_the_error_document()
    {
        // Arrange
        using var served = await ServedEndpoint.StartAsync(Env, "-q", "ec2-worker");
        var sameLength = new string('0', served.Token.Length);

        // Act and assert
        await Refused(served, 401, "Unauthorized", token: string.Empty);
        await Refused(served, 403, "AccessDenied", token: sameLength);
        await Refused(served, 403, "AccessDenied", token: served.Token[..^1]);
        await Refused(served, 403, "AccessDenied", token: served.Token + "0");
        await Refused(served, 403, "AccessDenied", token: "Bearer " + served.Token);
        await Refused(served, 403, "InvalidHost", host: "evil.example");
        await Refused(served, 403, "InvalidHost", host: $"127.0.0.1.nip.io:{served.Port}");
        await Refused(served, 403, "InvalidHost", host: $"evil.example:{served.Port}");
        await Refused(served, 405, "MethodNotAllowed", method: HttpMethod.Post);
        await Refused(served, 405, "MethodNotAllowed", method: HttpMethod.Put);
        await Refused(served, 404, "NotFound", path: "/");
        await Refused(served, 404, "NotFound", path: "/latest/meta-data/");
        var (status, _, _) = await served.GetAsync(host: $"localhost:{served.Port}");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task A_1_MB_header_10000_headers_a_client_sending_a_byte_a_second_and_one_sending_nothing_are_cut_off_and_correct_requests_are_still_answered()
    {
        // Arrange
        using var served = await ServedEndpoint.StartAsync(Env, "-q", "ec2-worker");
        var head = $"GET /credentials HTTP/1.1\r\nHost: 127.0.0.1:{served.Port}\r\nAuthorization: {served.Token}\r\n";

        // Act: a slow client first, kept going while the others are tried
        var slow = Task.Run(() => SlowClientAsync(served.Port, head));
        var silent = Task.Run(() => SlowClientAsync(served.Port, string.Empty));
        var bigHeader = await RawAsync(served.Port, head + "X-Big: " + new string('a', 1024 * 1024) + "\r\n\r\n");
        var manyHeaders = await RawAsync(served.Port, head + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"X-H{i}: v\r\n")) + "\r\n");
        var duringSlow = await served.GetAsync();
        var (slowAnswer, slowCutAfter) = await slow;
        var (silentAnswer, silentCutAfter) = await silent;
        var after = await served.GetAsync();

        // Assert: refused (431) or the connection closed on them, never answered with credentials
        output.WriteLine($"1 MB header: {FirstLine(bigHeader)}; 10 000 headers: {FirstLine(manyHeaders)}; slow client: {FirstLine(slowAnswer)} after {slowCutAfter.TotalSeconds:F1} s");
        Assert.Matches("^(HTTP/1.1 431 |$)", bigHeader);
        Assert.Matches("^(HTTP/1.1 431 |$)", manyHeaders);
        Assert.DoesNotContain("AccessKeyId", bigHeader + manyHeaders + slowAnswer, StringComparison.Ordinal);

        // The slow client is cut off (5 s for the whole head) long before its 28-byte request line is out
        Assert.True(slowCutAfter < TimeSpan.FromSeconds(20), $"the slow client was held {slowCutAfter}");

        // A connection that sends nothing at all is cut off as soon (not after a 30 s keep-alive)
        Assert.True(silentCutAfter < TimeSpan.FromSeconds(20), $"the silent client was held {silentCutAfter}");
        Assert.Equal(string.Empty, silentAnswer);
        Assert.Equal(200, duringSlow.Status);
        Assert.Equal(200, after.Status);
        Assert.False(served.Process.Process.HasExited);
    }

    [Fact]
    public async Task Twenty_thousand_requests_over_50_connections_all_get_200_with_exactly_one_chain_run()
    {
        // Arrange: ab (apache2-utils) gets the throw-away token of this test's own server in its arguments
        var ab = MotoServer.FindExecutable("ab") ?? throw new InvalidOperationException("ab not found on PATH: run scripts/ensure-tools");
        using var served = await ServedEndpoint.StartAsync(Env, "-q", "ec2-worker", ServeSpecs.Backup);
        var rssBefore = served.StatusKilobytes("VmHWM");

        // Act
        var result = await ProcessRunner.RunAsync(ab, ["-q", "-n", "20000", "-c", "50", "-k", "-H", $"Authorization: {served.Token}", served.Uri.ToString()], new Dictionary<string, string> { ["PATH"] = RepoPaths.SearchPath }, timeout: TimeSpan.FromSeconds(120));

        // Assert
        output.WriteLine(result.Stdout);
        output.WriteLine($"peak RSS of serve: {rssBefore} kB before, {served.StatusKilobytes("VmHWM")} kB after");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("20000", AbField("Complete requests", result.Stdout));
        Assert.Equal("0", AbField("Failed requests", result.Stdout));
        Assert.DoesNotContain("Non-2xx responses", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"\n +99% +[0-9]+", result.Stdout);

        // One chain run: GetCallerIdentity and two AssumeRole, all before the first request
        Assert.Equal(3, await Moto.StsRequestCountAsync());
    }

    private static async Task Refused(ServedEndpoint served, int status, string code, string? token = null, string? host = null, HttpMethod? method = null, string? path = null)
    {
        var (actual, body, response) = await served.GetAsync(token, host, method, path);
        Assert.True(actual == status, $"{method} {path} host={host}: {actual} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(body.TryGetProperty("AccessKeyId", out _));
        Assert.DoesNotContain(served.Token, body.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="request"/> on a raw connection; returns what came back before the server closed it.</summary>
    private static async Task<string> RawAsync(int port, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var sending = Task.Run(async () =>
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            }
            catch (IOException)
            {
                // The server stopped reading and closed: what is being tested.
            }
        });
        var answer = await ReadUntilClosedAsync(stream, TimeSpan.FromSeconds(30));
        await sending;
        return answer;
    }

    /// <summary>Sends the request head one byte a second; returns the answer and how long the server kept the connection.</summary>
    private static async Task<(string Answer, TimeSpan CutAfter)> SlowClientAsync(int port, string head)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var clock = Stopwatch.StartNew();
        var reading = ReadUntilClosedAsync(stream, TimeSpan.FromSeconds(40));
        foreach (var b in Encoding.ASCII.GetBytes(head))
        {
            if (reading.IsCompleted)
            {
                break;
            }

            try
            {
                await stream.WriteAsync(new[] { b });
            }
            catch (IOException)
            {
                break;
            }

            await Task.WhenAny(reading, Task.Delay(1000));
        }

        var answer = await reading;
        return (answer, clock.Elapsed);
    }

    private static async Task<string> ReadUntilClosedAsync(NetworkStream stream, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellation.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException)
        {
            // Reset by the server.
        }
        catch (OperationCanceledException)
        {
            answer.Append("(still open after ").Append(timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)).Append(" s)");
        }

        return answer.ToString();
    }

    private static string FirstLine(string text) => text.Split("\r\n")[0] is { Length: > 0 } line ? line : "(closed without an answer)";

    private static string AbField(string name, string text) =>
        Regex.Match(text, $@"{Regex.Escape(name)}: +([0-9]+)").Groups[1].Value;
}
