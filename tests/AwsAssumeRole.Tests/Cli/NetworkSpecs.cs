using System.Globalization;
using System.Text;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// What comes from the network is bounded and shown in the tool's words: endpoints that never
/// answer or answer one byte a second, answers too large, not XML or full of escape sequences,
/// redirects, proxies that want a password, plain HTTP. Each runs the real binary against a small
/// misbehaving loopback server (<see cref="FakeSts"/>) and checks the exit code and the exact
/// first line on stderr.
/// </summary>
[Trait("Layer", "Integration")]
public sealed class NetworkSpecs : IDisposable
{
    private const string Role = "arn:aws:iam::123456789012:role/ec2-worker";
    private const string ProxyPassword = "CorpPassw0rd";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TestEnvironment env = new TestEnvironment().WithSourceKeys();

    public void Dispose() => env.Dispose();

    [Fact]
    public async Task An_endpoint_that_accepts_the_connection_and_never_answers_times_out_after_15_seconds_by_default()
    {
        await using var sts = FakeSts.Silent();
        env.With("AWS_ENDPOINT_URL_STS", sts.Endpoint);

        var result = await Tool.RunAsync(env, null, Patience, "whoami");

        AssertFailure(result, 1, $"aws-assume-role: error: GetCallerIdentity with the source credentials: TimedOut: timed out after 15 s talking to {sts.Endpoint}/");
        Assert.Contains("hint: check the STS endpoint and the network, or allow more time with --timeout", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("option")]
    [InlineData("variable")]
    public async Task An_answer_that_drips_one_byte_a_second_times_out_at_the_run_deadline(string how)
    {
        await using var sts = FakeSts.Dripping();
        env.With("AWS_ENDPOINT_URL_STS", sts.Endpoint);
        string[] arguments = how == "option" ? ["--timeout", "3s", "whoami"] : ["whoami"];
        if (how == "variable")
        {
            env.With("AWS_ASSUME_ROLE_TIMEOUT", "3");
        }

        var result = await Tool.RunAsync(env, null, Patience, arguments);

        AssertFailure(result, 1, $"aws-assume-role: error: GetCallerIdentity with the source credentials: TimedOut: timed out after 3 s talking to {sts.Endpoint}/");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2h")]
    [InlineData("soon")]
    public async Task A_bad_timeout_is_bad_input(string timeout)
    {
        var result = await Tool.RunAsync(env, null, Patience, "--timeout", timeout, "whoami");

        AssertFailure(result, 2, timeout == "soon"
            ? "aws-assume-role: error: invalid --timeout 'soon': give seconds (20) or a duration such as 30s, 2m"
            : $"aws-assume-role: error: invalid --timeout '{timeout}': it must be between 1 second and 1h");
    }

    [Theory]
    [InlineData(200, false)]
    [InlineData(200, true)]
    [InlineData(500, false)]
    [InlineData(500, true)]
    public async Task An_answer_of_200_MB_is_refused_after_64_KiB_in_one_line_and_little_memory(int status, bool chunked)
    {
        await using var sts = FakeSts.AnsweringHuge(200L * 1024 * 1024, status, chunked);
        env.With("AWS_ENDPOINT_URL_STS", sts.Endpoint);

        var result = await Tool.RunUnderAsync(env, ["/usr/bin/time", "-f", "peak %M kB"], "whoami");

        // GNU time adds "Command exited with non-zero status 1" and the peak line after the tool's own.
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        var ours = lines.Where(l => !l.StartsWith("Command exited", StringComparison.Ordinal) && !l.StartsWith("peak ", StringComparison.Ordinal)).ToList();
        AssertFailure(result, 1, $"aws-assume-role: error: GetCallerIdentity with the source credentials: ResponseTooLarge: {sts.Endpoint}/ answered HTTP {status} with more than 64 KiB, which no STS answer is; nothing more was read");
        Assert.True(ours.Count == 2 && ours[1].StartsWith("hint: ", StringComparison.Ordinal), result.Stderr);
        var peakKilobytes = int.Parse(lines[^1].Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.True(peakKilobytes < 50 * 1024, $"peak memory {peakKilobytes} kB");
    }

    [Fact]
    public async Task An_answer_that_is_not_XML_names_the_endpoint_and_the_HTTP_status()
    {
        await using var sts = FakeSts.Answering(200, "<html><body>Welcome to our captive portal</body>", "text/html");
        env.With("AWS_ENDPOINT_URL_STS", sts.Endpoint);

        var result = await Tool.RunAsync(env, null, Patience, "whoami");

        AssertFailure(result, 1, $"aws-assume-role: error: GetCallerIdentity with the source credentials: NotAnStsResponse: {sts.Endpoint}/ answered HTTP 200 with something that is not an STS response");
        Assert.DoesNotContain("captive", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_body_with_terminal_escape_sequences_never_reaches_stderr()
    {
        await using var sts = FakeSts.Answering(500, "\u001b]0;owned\u0007\u001b[2J\u001b[31mfatal\u009b2J", "text/plain");
        env.With("AWS_ENDPOINT_URL_STS", sts.Endpoint);

        var result = await Tool.RunAsync(env, null, Patience, "whoami");

        AssertFailure(result, 1, $"aws-assume-role: error: GetCallerIdentity with the source credentials: NotAnStsResponse: {sts.Endpoint}/ answered HTTP 500 with something that is not an STS response");
        Assert.DoesNotContain("owned", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proxy_that_cannot_be_reached_is_named_and_its_password_is_not()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        env.With("HTTPS_PROXY", $"http://alice:{ProxyPassword}@127.0.0.1:{port}").With("AWS_ENDPOINT_URL_STS", "https://sts.example.test");

        var result = await Tool.RunAsync(env, null, Patience, "whoami");

        AssertFailure(result, 1, $"aws-assume-role: error: GetCallerIdentity with the source credentials: EndpointUnreachable: could not reach https://sts.example.test/ through the proxy http://127.0.0.1:{port}/: connection refused");
        AssertNoProxySecret(result);
    }

    [Fact]
    public async Task An_STS_error_message_is_shown_printable_on_one_line()
    {
        // Valid XML 1.0: C1 controls (U+009B is an 8-bit CSI), a bidi override, a line break.
        await using var sts = FakeSts.AnsweringStsError(403, "AccessDenied", "denied &#x9b;2J &#x202e;reversed&#xa;second&#x85;line");
        env.With("AWS_ENDPOINT_URL_STS", sts.Endpoint);

        var result = await Tool.RunAsync(env, null, Patience, "whoami");

        AssertFailure(result, 1, @"aws-assume-role: error: GetCallerIdentity with the source credentials: AccessDenied: denied \x9b2J \u202ereversed second\x85line");
    }

    [Fact]
    public async Task Outside_text_in_a_debug_line_is_printable_too()
    {
        // GetCallerIdentity's ARN goes into a DEBUG line before it is checked.
        await using var sts = FakeSts.Answering(200, """<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/&#x9b;2J&#x202e;x</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>""");
        env.With("AWS_ENDPOINT_URL_STS", sts.Endpoint);

        var result = await Tool.RunAsync(env, null, Patience, "--debug", "ec2-worker");

        Assert.Contains(@"DEBUG: source identity arn:aws:iam::123456789012:user/\x9b2J\u202ex", result.Stderr, StringComparison.Ordinal);
        AssertFailure(result, 1, @"aws-assume-role: error: GetCallerIdentity returned an unexpected ARN 'arn:aws:iam::123456789012:user/\x9b2J\u202ex'", firstLine: false);
    }

    [Fact]
    public async Task A_long_STS_error_message_is_cut_to_500_characters()
    {
        await using var sts = FakeSts.AnsweringStsError(403, "AccessDenied", new string('m', 20_000));
        env.With("AWS_ENDPOINT_URL_STS", sts.Endpoint);

        var result = await Tool.RunAsync(env, null, Patience, "whoami");

        AssertFailure(result, 1, "aws-assume-role: error: GetCallerIdentity with the source credentials: AccessDenied: " + new string('m', 497) + "...");
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_an_error_naming_the_endpoint_and_the_token_and_MFA_code_go_nowhere_else(int status)
    {
        await using var elsewhere = FakeSts.Answering(200, "<AssumeRoleResponse/>");
        await using var sts = FakeSts.Redirecting(elsewhere.Endpoint + "/steal", status);
        env.WithSourceKeys("ASIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLESESSIONTOKEN").With("AWS_ENDPOINT_URL_STS", sts.Endpoint);

        var result = await Tool.RunAsync(env, null, Patience, "--session-name", "alice", "--mfa-serial", "arn:aws:iam::123456789012:mfa/alice", "--mfa-code", "654321", Role);

        AssertFailure(result, 1, $"aws-assume-role: error: hop 1 of 1, {Role}: Redirected: {sts.Endpoint}/ answered with a redirect (HTTP {status}) to {elsewhere.Endpoint}/, which STS never sends; the request was not sent again");
        Assert.Equal("654321", Assert.Single(sts.Requests)["TokenCode"]);
        Assert.Empty(elsewhere.Requests);
    }

    [Theory]
    [InlineData("HTTPS_PROXY")]
    [InlineData("https_proxy")]
    [InlineData("ALL_PROXY")]
    [InlineData("all_proxy")]
    public async Task A_proxy_refusing_an_https_tunnel_is_named_without_its_password(string variable)
    {
        await using var proxy = FakeSts.ProxyRequiringAuthentication();
        env.With(variable, $"http://alice:{ProxyPassword}@127.0.0.1:{proxy.Port}").With("AWS_ENDPOINT_URL_STS", "https://sts.example.test");

        var result = await Tool.RunAsync(env, null, Patience, "whoami");

        AssertFailure(result, 1, $"aws-assume-role: error: GetCallerIdentity with the source credentials: ProxyRefused: the proxy http://127.0.0.1:{proxy.Port}/ refused to open a connection to sts.example.test");
        Assert.Contains("hint: check the proxy's address, user name and password", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("CONNECT", proxy.Requests[0].Method);
        AssertNoProxySecret(result);
    }

    [Theory]
    [InlineData("HTTP_PROXY")]
    [InlineData("http_proxy")]
    public async Task A_proxy_answering_407_to_a_plain_http_request_is_named_without_its_password(string variable)
    {
        await using var proxy = FakeSts.ProxyRequiringAuthentication();
        env.With(variable, $"http://alice:{ProxyPassword}@127.0.0.1:{proxy.Port}").With("AWS_ENDPOINT_URL_STS", "http://sts.example.test");

        var result = await Tool.RunAsync(env, null, Patience, "--allow-http", "whoami");

        var lines = result.Stderr.Split('\n');
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("WARNING: http://sts.example.test/ is plain HTTP: the session token, the MFA code and the new credentials travel unencrypted (--allow-http)", lines[0]);
        Assert.Equal($"aws-assume-role: error: GetCallerIdentity with the source credentials: ProxyRefused: the proxy http://127.0.0.1:{proxy.Port}/ refused the request to http://sts.example.test/ (HTTP 407: proxy authentication required)", lines[1]);
        Assert.Equal("http://sts.example.test/", proxy.Requests[0].Target);
        AssertNoProxySecret(result);
    }

    [Theory]
    [InlineData("AWS_ENDPOINT_URL_STS", "http://sts.example.invalid", "http://sts.example.invalid/")]
    [InlineData("AWS_ENDPOINT_URL", "http://10.1.2.3:8080/", "http://10.1.2.3:8080/")]
    [InlineData("--endpoint-url", "http://[2001:db8::1]:5000", "http://[2001:db8::1]:5000/")]
    public async Task Plain_http_to_another_machine_is_refused_before_any_call(string source, string url, string shown)
    {
        string[] arguments = source == "--endpoint-url" ? ["--endpoint-url", url, "whoami"] : ["whoami"];
        if (source != "--endpoint-url")
        {
            env.With(source, url);
        }

        var result = await Tool.RunAsync(env, null, Patience, arguments);

        AssertFailure(result, 2, $"aws-assume-role: error: refusing to send credentials to {shown} over plain HTTP: anyone on the way could read them");
        Assert.Contains("hint: use an https:// endpoint", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Plain_http_to_loopback_needs_no_option_and_no_proxy_sees_it(string host)
    {
        await using var sts = FakeSts.Answering(200, "not xml");
        await using var proxy = FakeSts.ProxyRequiringAuthentication();
        env.With("AWS_ENDPOINT_URL_STS", $"http://{host}:{sts.Port}").With("HTTP_PROXY", $"http://127.0.0.1:{proxy.Port}");

        var result = await Tool.RunAsync(env, null, Patience, "whoami");

        AssertFailure(result, 1, $"aws-assume-role: error: GetCallerIdentity with the source credentials: NotAnStsResponse: http://{host}:{sts.Port}/ answered HTTP 200 with something that is not an STS response");
        Assert.Single(sts.Requests);
        Assert.Empty(proxy.Requests);
    }

    private static void AssertFailure(ProcessResult result, int exitCode, string line, bool firstLine = true)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        if (firstLine)
        {
            Assert.Equal(line, result.Stderr.Split('\n')[0]);
        }
        else
        {
            Assert.Contains(line, result.Stderr.Split('\n'));
        }

        Assert.DoesNotContain(result.Stderr, c => c is '\u001b' or '\u0007' or '\u009b' or '\u202e');
    }

    private static void AssertNoProxySecret(ProcessResult result)
    {
        Assert.DoesNotContain(ProxyPassword, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + ProxyPassword)), result.Stderr, StringComparison.Ordinal);
    }
}
