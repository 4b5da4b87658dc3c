using System.CommandLine;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Cli;

/// <summary>Turns the network options, the environment and the profile into the transport a run's STS calls use.</summary>
internal static class NetworkWiring
{
    private static readonly string[] ProxyVariables = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

    /// <summary>Checks the timeout with the rest of the command line, before the profiles are read.</summary>
    public static void Check(CommandLine cli, ParseResult parsed, IEnvironment environment) =>
        _ = StsTransportOptions.Resolve(parsed.GetValue(cli.Timeout), environment);

    /// <summary>
    /// The transport for this run: the options, the profile's <c>ca_bundle</c> (read now: a bad one is
    /// exit 2 before any call) and the proxy the environment names. Plain HTTP to another machine is
    /// refused here unless <c>--allow-http</c>, with a warning when allowed.
    /// </summary>
    public static StsTransport Open(CommandLine cli, ParseResult parsed, StsEndpoint endpoint, ProfileChain profiles, IEnvironment environment, StderrLog log)
    {
        if (endpoint.CheckPlainHttp(parsed.GetValue(cli.AllowHttp)) is { } warning)
        {
            log.Warning(warning);
        }

        // A proxy URL's user name and password are secrets: never on stderr, even by accident.
        foreach (var name in ProxyVariables)
        {
            if (Uri.TryCreate(environment.Get(name), UriKind.Absolute, out var proxy) && proxy.UserInfo.Length > 0)
            {
                log.AddSecret(proxy.UserInfo);
                log.AddSecret(Uri.UnescapeDataString(proxy.UserInfo));
                log.AddSecret(Uri.UnescapeDataString(proxy.UserInfo.Split(':', 2)[^1]));
            }
        }

        // HttpClient.DefaultProxy is the one HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY name (either case).
        var options = StsTransportOptions.Resolve(parsed.GetValue(cli.Timeout), environment, profiles.CaBundle) with { Proxy = HttpClient.DefaultProxy };
        var transport = new StsTransport(options, TimeProvider.System);
        log.Debug($"STS requests: at most {StsTransportOptions.DescribeSeconds(options.Timeout)} in all, {StsTransportOptions.DescribeSeconds(StsTransportOptions.RequestTimeout)} each; CA bundle {(options.CaBundle is { } bundle ? PrintableText.Escape(bundle) : "none (the system's)")}");
        return transport;
    }
}
