using System.Globalization;
using System.Text;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>The head of an HTTP request as a small loopback server reads it.</summary>
/// <param name="Method">GET, POST, ... or CONNECT.</param>
/// <param name="Target">The request target: a path, an absolute URL (to a proxy), or <c>host:port</c> for CONNECT.</param>
/// <param name="Headers">The headers, names ignoring case.</param>
public sealed record HttpHead(string Method, string Target, IReadOnlyDictionary<string, string> Headers);

/// <summary>Just enough HTTP/1.1 for the test servers: read a request head and body, write an answer.</summary>
public static class HttpWire
{
    public static async Task<HttpHead> ReadHeadAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0 || head.Count > 64 * 1024)
            {
                throw new IOException("connection closed before the end of the request head");
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new HttpHead(requestLine[0], requestLine[1], headers);
    }

    /// <summary>The request body (Content-Length bytes; none without it).</summary>
    public static async Task<byte[]> ReadBodyAsync(Stream stream, HttpHead head, CancellationToken cancellationToken = default)
    {
        if (!head.Headers.TryGetValue("Content-Length", out var length))
        {
            return [];
        }

        var buffer = new byte[int.Parse(length, CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }

    /// <summary>Writes a whole answer with Content-Length and Connection: close (or keep-alive).</summary>
    public static async Task WriteAsync(Stream stream, int status, string reason, IEnumerable<(string Name, string Value)> headers, byte[] body, CancellationToken cancellationToken = default, bool keepAlive = false)
    {
        await WriteHeadAsync(stream, status, reason, [.. headers, ("Content-Length", body.Length.ToString(CultureInfo.InvariantCulture))], cancellationToken, keepAlive);
        await stream.WriteAsync(body, cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Writes the status line and headers (and Connection: close, or keep-alive), leaving the body to the caller.</summary>
    public static async Task WriteHeadAsync(Stream stream, int status, string reason, IEnumerable<(string Name, string Value)> headers, CancellationToken cancellationToken = default, bool keepAlive = false)
    {
        var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>An <c>application/x-www-form-urlencoded</c> body as parameters.</summary>
    public static Dictionary<string, string> ParseForm(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                parts => Uri.UnescapeDataString(parts[0].Replace('+', ' ')),
                parts => parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty,
                StringComparer.Ordinal);

    /// <summary>The form parameters of a request body, when it is a form; empty otherwise.</summary>
    public static Dictionary<string, string> FormOf(HttpHead head, byte[] body) =>
        head.Headers.TryGetValue("Content-Type", out var type) && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            ? ParseForm(Encoding.UTF8.GetString(body))
            : [];
}
