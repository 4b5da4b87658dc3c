using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Server;

/// <summary>
/// The container credentials endpoint's answers, decided here for every request the HTTP server
/// passes on. In order: a <c>Host</c> other than this endpoint's loopback address is refused (403),
/// so a web page cannot reach it through DNS rebinding; a path other than <see cref="Path"/> is 404,
/// a method other than GET is 405; no <c>Authorization</c> is 401, a wrong one 403; then the held
/// credentials (200) or, once they have expired with no successful refresh, the failure (503).
/// Every body is JSON: the credentials document the AWS SDKs read, or <c>{"code","message"}</c>,
/// which they quote in their errors. No answer ever holds the token.
/// </summary>
public sealed class CredentialsEndpoint
{
    /// <summary>The one path credentials are served on (the Ruby SDK needs the URL to have a path).</summary>
    public const string Path = "/credentials";

    private readonly ServerToken token;
    private readonly CredentialsKeeper keeper;
    private readonly TimeProvider time;
    private readonly int port;

    /// <summary>The endpoint of a server listening on 127.0.0.1:<paramref name="port"/>.</summary>
    public CredentialsEndpoint(ServerToken token, CredentialsKeeper keeper, TimeProvider time, int port)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(keeper);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        (this.token, this.keeper, this.time, this.port) = (token, keeper, time, port);
    }

    /// <summary>The URL handed out in <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>.</summary>
    public Uri Uri => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}{Path}"));

    /// <summary>The answer to <paramref name="request"/>.</summary>
    public EndpointResponse Answer(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Hosts is not [var host] || !IsOwnHost(host, port))
        {
            return Error(403, "InvalidHost", "the Host header must name this endpoint: 127.0.0.1, localhost or [::1] with its port");
        }

        if (request.Path != Path)
        {
            return Error(404, "NotFound", $"no such path: credentials are served on {Path}");
        }

        if (request.Method != "GET")
        {
            return Error(405, "MethodNotAllowed", "only GET is served") with { Allow = "GET" };
        }

        if (request.Authorizations.Count == 0)
        {
            return Error(401, "Unauthorized", "no Authorization header: send the token of AWS_CONTAINER_AUTHORIZATION_TOKEN");
        }

        if (request.Authorizations is not [var presented] || !token.Matches(presented))
        {
            return Error(403, "AccessDenied", "the Authorization header does not hold this endpoint's token");
        }

        var (current, failure) = keeper.Snapshot();
        if (CredentialsKeeper.IsExpired(current, time.GetUtcNow()))
        {
            var expired = Iso8601.Format(current.Credentials.Expiration!.Value);
            return Error(503, "CredentialsUnavailable", $"the credentials expired at {expired} and no refresh has succeeded since: {failure ?? "a refresh is due"}");
        }

        return new EndpointResponse(200, CredentialsDocument(current));
    }

    /// <summary>
    /// True for the <c>Host</c> values a client of this endpoint sends: <c>127.0.0.1</c>,
    /// <c>localhost</c> or <c>[::1]</c>, with this port. Anything else (another name that resolves
    /// to loopback, such as a rebinding attacker's domain) is someone else's page. On port 80 the
    /// port may be left out, as HTTP's default (and as clients given <c>http://127.0.0.1/...</c> do).
    /// </summary>
    public static bool IsOwnHost(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        var suffix = string.Create(CultureInfo.InvariantCulture, $":{port}");
        var name = host.EndsWith(suffix, StringComparison.Ordinal) ? host[..^suffix.Length]
            : port == 80 ? host
            : null;
        return name is not null && (name.Equals("127.0.0.1", StringComparison.Ordinal)
            || name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.Equals("[::1]", StringComparison.Ordinal));
    }

    /// <summary>
    /// The document every AWS SDK's container provider reads: <c>AccessKeyId</c>,
    /// <c>SecretAccessKey</c>, <c>Token</c>, <c>Expiration</c> (exactly <c>yyyy-MM-ddTHH:mm:ssZ</c>:
    /// an offset such as +00:00 breaks the JavaScript SDK v3), <c>AccountId</c> and <c>RoleArn</c>.
    /// </summary>
    public static string CredentialsDocument(Chain.ChainResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var credentials = result.Credentials;
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("AccessKeyId", credentials.AccessKeyId);
            writer.WriteString("SecretAccessKey", credentials.SecretAccessKey);
            writer.WriteString("Token", credentials.SessionToken);
            writer.WriteString("Expiration", Iso8601.Format(credentials.Expiration!.Value));
            if (result.Identity is { } identity)
            {
                writer.WriteString("AccountId", identity.AccountId);
            }

            if (result.FinalRole is { } role)
            {
                writer.WriteString("RoleArn", role.ToString());
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>An error answer: <c>{"code": ..., "message": ...}</c>, the shape the SDKs parse.</summary>
    public static EndpointResponse Error(int status, string code, string message) =>
        new(status, Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }));

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
