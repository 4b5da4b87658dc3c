using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using AwsAssumeRole.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AwsAssumeRole.Tests.Server;

/// <summary>
/// serve renewing in real time, without fake clocks: <c>--duration 900 --min-remaining 897</c>
/// renews about every 3 seconds. Faults come from a proxy in front of moto that answers as a
/// failing STS would; expired credentials from the same proxy, which makes moto's sessions short.
/// </summary>
[Collection("serve")]
[UnsupportedOSPlatform("windows")]
public sealed partial class ServeRefreshSpecs(MotoFixture moto, ITestOutputHelper output) : MotoSpecs(moto)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Env.With("AWS_DEFAULT_REGION", "us-east-1");
    }

    [Fact]
    public async Task A_client_calling_in_a_loop_for_20_seconds_sees_new_keys_and_never_an_error_and_STS_sees_only_the_renewed_hops()
    {
        // Arrange: boto3 asks the endpoint again when fewer than 15 minutes remain, which is always
        // the case here; twenty calls a second
        const string loop = """
            import boto3, json, time
            session = boto3.session.Session()
            sts = session.client('sts')
            keys, arns, errors, calls = set(), set(), [], 0
            end = time.time() + 20
            while time.time() < end:
                try:
                    arns.add(sts.get_caller_identity()['Arn'])
                    calls += 1
                    keys.add(session.get_credentials().get_frozen_credentials().access_key)
                except Exception as e:
                    errors.append(repr(e))
                time.sleep(0.05)
            print(json.dumps({'calls': calls, 'keys': len(keys), 'arns': sorted(arns), 'errors': errors}))
            """;

        // Act
        var result = await Tool.RunAsync(Env, null, Timeout, "serve", "--duration", "900", "--min-remaining", "897", "ec2-worker", ServeSpecs.Backup, "--", Consumers.PythonWithBoto3, "-c", loop);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        var seen = JsonDocument.Parse(result.Stdout).RootElement;
        output.WriteLine(result.ToString());
        output.WriteLine($"moto counted {await Moto.StsRequestCountAsync()} STS requests, {(await Moto.AssumeRolesAsync()).Count} of them AssumeRole");
        Assert.Empty(seen.GetProperty("errors").EnumerateArray());
        Assert.True(seen.GetProperty("keys").GetInt32() >= 3, $"too few renewals seen by the client: {seen}");
        Assert.All(seen.GetProperty("arns").EnumerateArray(), arn => Assert.StartsWith(ServeSpecs.FinalArnPrefix, arn.GetString(), StringComparison.Ordinal));

        // One line per renewal, each remaking both hops (both were assumed for 15 minutes)
        var renewals = RenewalLine().Matches(result.Stderr);
        Assert.True(renewals.Count >= 3, result.Stderr);
        Assert.All(renewals, line => Assert.Equal("2 of 2 hops", line.Groups["hops"].Value));
        Assert.Equal(renewals.Count, renewals.Select(line => line.Groups["until"].Value).Distinct(StringComparer.Ordinal).Count());

        // The first run (GetCallerIdentity + 2 AssumeRole), 2 AssumeRole per renewal, and the client's own calls: nothing else
        Assert.Equal(3 + (2 * renewals.Count) + seen.GetProperty("calls").GetInt32(), await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Through_throttling_503s_resets_and_stalls_the_old_credentials_keep_being_served_each_failure_is_logged_and_it_recovers()
    {
        // Arrange: renewals due 10 s after each run; STS fails in a new way after each failure
        await using var proxy = RecordingProxy.Start(Moto.Endpoint);
        Env.With("AWS_ENDPOINT_URL_STS", proxy.Endpoint);
        using var served = await ServedEndpoint.StartAsync(Env, "--duration", "900", "--min-remaining", "890", "ec2-worker", ServeSpecs.Backup);
        var (_, first, _) = await served.GetAsync();
        var firstKey = first.GetProperty("AccessKeyId").GetString();

        // Act and assert: each fault makes one more failure line, and the old key is still served
        var failures = 0;
        foreach (var fault in new[] { ProxyFault.Throttle, ProxyFault.Unavailable, ProxyFault.Reset })
        {
            proxy.Fault = fault;
            failures++;
            await WaitForStderrAsync(served, $"serve: refresh failed ({failures} in a row)");
            var (status, body, _) = await served.GetAsync();
            Assert.Equal(200, status);
            Assert.Equal(firstKey, body.GetProperty("AccessKeyId").GetString());
        }

        // A stalled STS holds the renewal, not the requests: answers still come from memory at once
        proxy.Fault = ProxyFault.Stall;
        await Task.Delay(TimeSpan.FromSeconds(5));
        using (var quick = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, served.Uri);
            request.Headers.TryAddWithoutValidation("Authorization", served.Token);
            using var answer = await quick.SendAsync(request);
            Assert.Equal(200, (int)answer.StatusCode);
        }

        proxy.Fault = ProxyFault.None;
        await WaitForStderrAsync(served, "serve: new credentials for");
        var (_, renewed, _) = await served.GetAsync();

        // Assert
        Assert.NotEqual(firstKey, renewed.GetProperty("AccessKeyId").GetString());
        var stderr = served.Process.Stderr;
        output.WriteLine(stderr);
        Assert.Contains("serve: refresh failed (1 in a row): hop 1 of 2, arn:aws:iam::123456789012:role/ec2-worker: Throttling: Rate exceeded; still serving the credentials valid until ", stderr, StringComparison.Ordinal);
        Assert.Contains("serve: refresh failed (2 in a row): hop 1 of 2, arn:aws:iam::123456789012:role/ec2-worker: ServiceUnavailable: ", stderr, StringComparison.Ordinal);
        Assert.Contains("serve: refresh failed (3 in a row): hop 1 of 2, arn:aws:iam::123456789012:role/ec2-worker: EndpointUnreachable: ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(served.Token, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(renewed.GetProperty("SecretAccessKey").GetString()!, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_renewal_that_timed_out_leaves_the_next_renewals_their_whole_timeout()
    {
        // Arrange: renewals due 10 s after each run, each allowed 2 s of STS
        await using var proxy = RecordingProxy.Start(Moto.Endpoint);
        Env.With("AWS_ENDPOINT_URL_STS", proxy.Endpoint);
        using var served = await ServedEndpoint.StartAsync(Env, "--timeout", "2", "--duration", "900", "--min-remaining", "890", "ec2-worker", ServeSpecs.Backup);
        var (_, first, _) = await served.GetAsync();

        // Act: one renewal spends its 2 s on a stalled STS, then STS is healthy again
        proxy.Fault = ProxyFault.Stall;
        await WaitForStderrAsync(served, "TimedOut: timed out after 2 s talking to");
        proxy.Fault = ProxyFault.None;
        await WaitForStderrAsync(served, "serve: new credentials for");

        // Assert
        var (status, renewed, _) = await served.GetAsync();
        Assert.Equal(200, status);
        Assert.NotEqual(first.GetProperty("AccessKeyId").GetString(), renewed.GetProperty("AccessKeyId").GetString());
    }

    [Fact]
    public async Task Once_the_credentials_have_expired_it_answers_503_with_the_error_naming_the_failed_hop_and_recovers_when_STS_does()
    {
        // Arrange: moto's sessions last 25 s through the proxy; renewal due when 10 s are left
        await using var proxy = RecordingProxy.Start(Moto.Endpoint);
        proxy.ShortenExpirationTo = TimeSpan.FromSeconds(25);
        Env.With("AWS_ENDPOINT_URL_STS", proxy.Endpoint);
        using var served = await ServedEndpoint.StartAsync(Env, "--min-remaining", "10", "ec2-worker", ServeSpecs.Backup);
        proxy.Fault = ProxyFault.Throttle;

        // Act: wait for the expiry, and for a failure after it
        var (status, body) = await PollAsync(served, s => s == 503);
        await WaitForStderrAsync(served, "requests get 503 until a refresh succeeds");
        proxy.ShortenExpirationTo = null;
        proxy.Fault = ProxyFault.None;
        var (recovered, renewed) = await PollAsync(served, s => s == 200);

        // Assert
        Assert.Equal(503, status);
        Assert.Equal("CredentialsUnavailable", body.GetProperty("code").GetString());
        Assert.Matches(
            "^the credentials expired at [0-9T:-]+Z and no refresh has succeeded since: hop 1 of 2, arn:aws:iam::123456789012:role/ec2-worker: Throttling: Rate exceeded$",
            body.GetProperty("message").GetString());
        Assert.Equal(200, recovered);
        Assert.Equal(ServeSpecs.Backup, renewed.GetProperty("RoleArn").GetString());
    }

    [Fact]
    public async Task A_30_second_soak_with_renewals_every_3_seconds_leaks_no_descriptor_and_concurrent_requests_cause_no_chain_run()
    {
        // Arrange
        using var served = await ServedEndpoint.StartAsync(Env, "--duration", "900", "--min-remaining", "897", "ec2-worker", ServeSpecs.Backup);
        await WaitForStderrAsync(served, "serve: new credentials for");
        var descriptorsBefore = served.DescriptorCount();
        var rssBefore = served.StatusKilobytes("VmRSS");

        // Act: 10 clients at once, 5 requests a second each, each request on a new connection, for 30 s
        var errors = 0;
        var requests = 0;
        var end = DateTime.UtcNow.AddSeconds(30);
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(async () =>
        {
            while (DateTime.UtcNow < end)
            {
                using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false });
                using var request = new HttpRequestMessage(HttpMethod.Get, served.Uri);
                request.Headers.TryAddWithoutValidation("Authorization", served.Token);
                request.Headers.ConnectionClose = true;
                using var answer = await client.SendAsync(request);
                Interlocked.Add(ref errors, answer.IsSuccessStatusCode ? 0 : 1);
                Interlocked.Increment(ref requests);
                await Task.Delay(200);
            }
        })));

        await Task.Delay(TimeSpan.FromSeconds(1));
        var descriptorsAfter = served.DescriptorCount();
        var rssAfter = served.StatusKilobytes("VmRSS");
        var peak = served.StatusKilobytes("VmHWM");
        await Processes.SignalAsync(served.Process.Id, "TERM");
        var result = await served.Process.WaitAsync(Timeout);
        var renewalLines = RenewalLine().Matches(result.Stderr);
        var renewals = renewalLines.Count;
        var assumed = (await Moto.AssumeRolesAsync()).Count;

        // Assert
        output.WriteLine($"{requests} requests, {errors} errors, {renewals} renewals, {assumed} AssumeRole; descriptors {descriptorsBefore} -> {descriptorsAfter}; RSS {rssBefore} kB -> {rssAfter} kB, peak {peak} kB");
        Assert.Equal(0, errors);
        Assert.True(renewals >= 5, result.Stderr);
        Assert.Equal(renewals, renewalLines.Select(line => line.Groups["until"].Value).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(descriptorsBefore, descriptorsAfter);

        // Two hops at start and two per renewal, whatever the requests did (one more when SIGTERM
        // cut a renewal short after its first hop)
        Assert.InRange(assumed, 2 + (2 * renewals), 2 + (2 * renewals) + 1);
        Assert.Equal(0, result.ExitCode);
    }

    private static async Task WaitForStderrAsync(ServedEndpoint served, string text)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!served.Process.Stderr.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(served.Process.Process.HasExited, $"serve ended:\n{served.Process.Stderr}");
            Assert.True(DateTime.UtcNow < deadline, $"no '{text}' on stderr within {Timeout}:\n{served.Process.Stderr}");
            await Task.Delay(50);
        }
    }

    private static async Task<(int Status, JsonElement Body)> PollAsync(ServedEndpoint served, Func<int, bool> until)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var (status, body, _) = await served.GetAsync();
            if (until(status))
            {
                return (status, body);
            }

            Assert.True(DateTime.UtcNow < deadline, $"no such answer within {Timeout} (last {status} {body}):\n{served.Process.Stderr}");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"serve: new credentials for \S+, valid until (?<until>\S+) \((?<hops>\d+ of \d+ hops) assumed again\)")]
    private static partial Regex RenewalLine();
}
