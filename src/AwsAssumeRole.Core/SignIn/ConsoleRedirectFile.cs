using System.Globalization;
using System.Net;
using System.Text;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.SignIn;

/// <summary>
/// How the sign-in URL reaches a browser without being on any process's argument list (where every
/// user of the machine can read it, in <c>/proc/PID/cmdline</c> or <c>ps</c>): it is written into a
/// small HTML page that sends the browser on to it, and the browser is given the page's path. The
/// page is a new 0600 file (never through a link) in a 0700 folder of the user's, checked as the
/// credentials cache folder is: <c>$XDG_RUNTIME_DIR/aws-assume-role</c> when that is set, else
/// <c>aws-assume-role-console-UID</c> in the temporary folder. The sign-in token in it expires after
/// 15 minutes; pages older than that are removed by the next <c>console</c> run.
/// </summary>
public static class ConsoleRedirectFile
{
    /// <summary>How long a sign-in URL is good for; older pages are removed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>The folder the pages go in.</summary>
    public static string Folder(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.Get("XDG_RUNTIME_DIR") is { } runtime && Path.IsPathFullyQualified(runtime)
            ? Path.Combine(runtime, "aws-assume-role")
            : Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"aws-assume-role-console-{FileTrust.UserId}"));
    }

    /// <summary>Writes the page for <paramref name="url"/> into <paramref name="folder"/>; returns its path. Removes pages older than <see cref="Lifetime"/>.</summary>
    /// <exception cref="IOException">The folder is not to be trusted, or the page cannot be written.</exception>
    public static string Write(string folder, string url, TimeProvider time, IChainLog log)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(time);
        using var directory = CacheFolder.Open(folder, create: true, log)!;
        RemoveOld(directory, time);
        var name = $"console-{Guid.NewGuid():N}.html";
        directory.WriteNew(name, Page(url));
        return Path.Combine(folder, name);
    }

    /// <summary>The page: a refresh to the URL, and a script doing the same where refreshes are off.</summary>
    public static byte[] Page(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var attribute = WebUtility.HtmlEncode(url);
        var script = JavaScriptString(url);
        return Encoding.UTF8.GetBytes(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">" +
            $"<meta http-equiv=\"refresh\" content=\"0;url={attribute}\"><title>AWS console sign-in</title></head>\n" +
            $"<body><script>location.replace({script});</script><a href=\"{attribute}\">Sign in to the AWS console</a></body></html>\n");
    }

    // The default encoder escapes <, >, &, ' and " too, so the literal cannot end the script.
    private static string JavaScriptString(string text)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(text);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void RemoveOld(CacheDirectory directory, TimeProvider time)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - Lifetime;
        foreach (var old in directory.Names("console-*.html").ToList())
        {
            if (directory.LastWriteUtc(old) is { } written && written < cutoff)
            {
                directory.TryRemove(old);
            }
        }
    }
}
