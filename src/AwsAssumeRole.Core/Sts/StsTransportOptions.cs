using System.Globalization;
using System.Net;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// How a run's STS calls use the network: how long they may take, which certificate authorities
/// to trust, through which proxy. Every limit here is documented in the README ("Network").
/// </summary>
public sealed record StsTransportOptions
{
    /// <summary>The default for <see cref="Timeout"/>: a dead endpoint fails within this.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The longest <see cref="Timeout"/> accepted.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>How long opening one connection may take (TCP, not TLS).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long one HTTP request may take, from sending it to the last byte of its answer.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The most of an answer that is read: an STS answer is a few KiB.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    /// <summary>The most a CA bundle file may hold (the whole Mozilla bundle is about 220 KB).</summary>
    public const int MaxCaBundleBytes = 4 * 1024 * 1024;

    /// <summary>The option and variable that set <see cref="Timeout"/>.</summary>
    public const string TimeoutVariable = EnvironmentVariables.Timeout;

    /// <summary>The variable naming a CA bundle, as in the AWS CLI.</summary>
    public const string CaBundleVariable = EnvironmentVariables.CaBundle;

    /// <summary>The most time the whole run may spend waiting for STS, all calls and retries together.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>A PEM file of the only certificate authorities to trust for STS, or null for the system's.</summary>
    public string? CaBundle { get; init; }

    /// <summary>Where <see cref="CaBundle"/> came from, for messages: <c>AWS_CA_BUNDLE</c>, <c>the profile's ca_bundle</c>.</summary>
    public string? CaBundleSource { get; init; }

    /// <summary>The proxy to use (the executable passes the one the environment names), or null for none.</summary>
    public IWebProxy? Proxy { get; init; }

    /// <summary>
    /// Load the system's certificate authorities on another thread as soon as the transport is made
    /// (for an https endpoint), so that checking the server's certificate does not wait for them.
    /// </summary>
    public bool WarmTrustStore { get; init; }

    /// <summary>
    /// Timeout: <c>--timeout</c>, else <c>AWS_ASSUME_ROLE_TIMEOUT</c>, else 15 s. CA bundle:
    /// <c>AWS_CA_BUNDLE</c>, else the profile's <c>ca_bundle</c> (the AWS CLI's order).
    /// </summary>
    public static StsTransportOptions Resolve(string? timeoutOption, IEnvironment environment, string? profileCaBundle = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var timeout = timeoutOption is not null ? ParseTimeout(timeoutOption, "--timeout")
            : environment.Get(TimeoutVariable) is { } text ? ParseTimeout(text, TimeoutVariable)
            : DefaultTimeout;
        var (caBundle, caSource) = environment.Get(CaBundleVariable) is { } fromEnvironment ? (fromEnvironment, CaBundleVariable)
            : profileCaBundle is not null ? (profileCaBundle, "the profile's ca_bundle")
            : (null, null);
        return new StsTransportOptions { Timeout = timeout, CaBundle = caBundle, CaBundleSource = caSource };
    }

    /// <summary>Seconds (<c>20</c>) or a duration (<c>30s</c>, <c>2m</c>), 1 s to 1 h.</summary>
    public static TimeSpan ParseTimeout(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var seconds = Durations.TryParseSeconds(text);
        if (seconds is null)
        {
            throw AssumeRoleException.BadInput($"invalid {source} '{RoleNames.Printable(text)}': give seconds (20) or a duration such as 30s, 2m");
        }

        if (seconds < 1 || seconds > MaxTimeout.TotalSeconds)
        {
            throw AssumeRoleException.BadInput(
                $"invalid {source} '{RoleNames.Printable(text)}': it must be between 1 second and {Durations.Describe((int)MaxTimeout.TotalSeconds)}");
        }

        return TimeSpan.FromSeconds(seconds.Value);
    }

    /// <summary>A duration as messages show it: <c>15 s</c>, <c>2.5 s</c>.</summary>
    public static string DescribeSeconds(TimeSpan duration) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalSeconds, duration.TotalSeconds < 10 ? 1 : 0)} s");
}
