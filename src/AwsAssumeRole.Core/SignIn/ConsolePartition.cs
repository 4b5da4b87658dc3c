using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.SignIn;

/// <summary>
/// Where a partition's console sign-in happens: its federation endpoint and its console host.
/// Only <c>aws</c>, <c>aws-cn</c> and <c>aws-us-gov</c> have a public console; the partition comes
/// from the final credentials' ARN, never guessed from a region name.
/// </summary>
/// <param name="Name">The partition.</param>
/// <param name="Federation">Its federation endpoint (<c>https://signin.aws.amazon.com/federation</c>).</param>
/// <param name="ConsoleHost">Its console's host (<c>console.aws.amazon.com</c>).</param>
public sealed record ConsolePartition(string Name, Uri Federation, string ConsoleHost)
{
    /// <summary>The partitions with a public console.</summary>
    public static readonly IReadOnlyList<ConsolePartition> All =
    [
        new("aws", new Uri("https://signin.aws.amazon.com/federation"), "console.aws.amazon.com"),
        new("aws-cn", new Uri("https://signin.amazonaws.cn/federation"), "console.amazonaws.cn"),
        new("aws-us-gov", new Uri("https://signin.amazonaws-us-gov.com/federation"), "console.amazonaws-us-gov.com"),
    ];

    /// <summary>The console of <paramref name="partition"/>; exit 2 for a partition without a public one.</summary>
    public static ConsolePartition For(string partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return All.FirstOrDefault(p => p.Name == partition)
            ?? throw AssumeRoleException.BadInput(
                $"the credentials at the end of the chain are in the partition {PrintableText.Escape(partition)}, which has no public console sign-in (only aws, aws-cn and aws-us-gov do)",
                "use the sign-in page your partition's administrators give you");
    }

    /// <summary>
    /// The console page to land on: the console's home without <paramref name="destination"/>; a
    /// service's page for a shorthand (<c>s3</c>, <c>ec2</c>, <c>cloudformation</c>), on the regional
    /// console host when <paramref name="region"/> is known; or a console URL given whole, which must
    /// be <c>https</c> on this partition's console.
    /// </summary>
    public Uri Destination(string? destination, string? region)
    {
        var host = region is null ? ConsoleHost : $"{region}.{ConsoleHost}";
        var query = region is null ? string.Empty : $"?region={region}";
        if (destination is null)
        {
            return new Uri($"https://{host}/console/home{query}");
        }

        if (IsShorthand(destination))
        {
            return new Uri($"https://{host}/{destination}/home{query}");
        }

        if (Uri.TryCreate(destination, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(url.UserInfo)
            && (url.Host == ConsoleHost || url.Host.EndsWith("." + ConsoleHost, StringComparison.Ordinal)) && !destination.Any(char.IsControl))
        {
            return url;
        }

        // Never echo a user name or password.
        var shown = url is not null && !string.IsNullOrEmpty(url.UserInfo) ? PrintableText.Url(url) : PrintableText.Escape(destination);
        throw AssumeRoleException.BadInput(
            $"invalid --destination '{shown}': expected a service such as s3, ec2 or cloudformation, or an https:// URL on {ConsoleHost}");
    }

    /// <summary>A service shorthand: lowercase letters, digits and dashes, as the console's paths are.</summary>
    public static bool IsShorthand(string destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return destination.Length is > 0 and <= 64 && destination.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') && destination[0] != '-';
    }
}
