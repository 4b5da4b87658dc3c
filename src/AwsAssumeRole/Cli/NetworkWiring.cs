using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Cli;

/// <summary>What the executable adds to a run's network set-up: the environment's proxy, whose user info is a secret.</summary>
internal static class NetworkWiring
{
    private static readonly string[] ProxyVariables = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"];

    /// <summary>
    /// Tells the log a proxy URL's user name and password, so no stderr line can show them even by
    /// accident, and returns the proxy the environment names (<see cref="HttpClient.DefaultProxy"/>
    /// reads HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, either case).
    /// </summary>
    public static System.Net.IWebProxy Proxy(IEnvironment environment, StderrLog log)
    {
        foreach (var name in ProxyVariables)
        {
            if (Uri.TryCreate(environment.Get(name), UriKind.Absolute, out var proxy) && proxy.UserInfo.Length > 0)
            {
                log.Secret(proxy.UserInfo);
                log.Secret(Uri.UnescapeDataString(proxy.UserInfo));
                log.Secret(Uri.UnescapeDataString(proxy.UserInfo.Split(':', 2)[^1]));
            }
        }

        return HttpClient.DefaultProxy;
    }
}
