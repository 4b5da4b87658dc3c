using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.SignIn;

/// <summary>
/// The console sign-in URL for a set of temporary credentials: the partition's federation endpoint
/// is asked for a sign-in token (<c>Action=getSigninToken</c>, with the <c>Session</c> JSON of
/// exactly <c>sessionId</c>, <c>sessionKey</c> and <c>sessionToken</c>, and <c>SessionDuration</c>
/// only when it is legal), then the <c>Action=login</c> URL is built with <c>Issuer</c>,
/// <c>Destination</c> and the token. The URL signs in whoever opens it for 15 minutes: it is
/// returned to the caller and never logged, and no message carries it (nor the request's query).
/// </summary>
public sealed class ConsoleSignIn(HttpClient http, StsTransport? transport, IChainLog log)
{
    /// <summary>The test hook: a federation endpoint on loopback instead of the partition's.</summary>
    public const string FederationUrlVariable = EnvironmentVariables.FederationUrl;

    /// <summary>What the login URL names as its issuer.</summary>
    public const string Issuer = "aws-assume-role";

    /// <summary>
    /// <c>AWS_ASSUME_ROLE_FEDERATION_URL</c>, a test hook: only <c>http(s)</c> on a loopback address
    /// (anything else is exit 2, before any call); null when unset.
    /// </summary>
    public static Uri? FederationOverride(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Get(FederationUrlVariable) is not { } text)
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            && url.IsLoopback && string.IsNullOrEmpty(url.UserInfo) && string.IsNullOrEmpty(url.Query) && !text.Any(char.IsControl)
            ? url
            : throw AssumeRoleException.BadInput($"invalid {FederationUrlVariable} '{PrintableText.Escape(text)}': it is a test hook and takes only a loopback URL such as http://127.0.0.1:8080/federation");
    }

    /// <summary>
    /// The sign-in URL for <paramref name="credentials"/> (temporary ones) landing on
    /// <paramref name="destination"/>; <paramref name="sessionDuration"/> is sent only when given.
    /// </summary>
    public async Task<string> UrlAsync(AwsCredentials credentials, Uri federation, Uri destination, int? sessionDuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(federation);
        ArgumentNullException.ThrowIfNull(destination);
        var where = PrintableText.Url(federation);
        var query = new StringBuilder("?Action=getSigninToken");
        if (sessionDuration is { } seconds)
        {
            query.Append(CultureInfo.InvariantCulture, $"&SessionDuration={seconds}");
        }

        query.Append("&Session=").Append(Uri.EscapeDataString(SessionJson(credentials)));
        log.Debug($"getSigninToken at {where}{(sessionDuration is { } d ? string.Create(CultureInfo.InvariantCulture, $", SessionDuration {d}") : ", no SessionDuration")}, key {credentials.MaskedAccessKeyId}");
        string token;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(federation.GetLeftPart(UriPartial.Path) + query));
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw AssumeRoleException.AwsFailure(
                    string.Create(CultureInfo.InvariantCulture, $"console sign-in: {where} refused the sign-in token request (HTTP {(int)response.StatusCode})"),
                    sessionDuration is null
                        ? "the federation endpoint takes role credentials only (not long-term keys nor GetSessionToken's), and the role's session must not have expired"
                        : "the federation endpoint takes SessionDuration only for a role assumed with an IAM user's long-term keys: leave --console-duration out");
            }

            token = SigninToken(body) ?? throw AssumeRoleException.AwsFailure($"console sign-in: {where} answered without a sign-in token");
        }
        catch (AssumeRoleException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var failure = StsFailures.Explain(e, where, federation, "federation", transport);
            throw AssumeRoleException.AwsFailure($"console sign-in: {failure.ErrorCode}: {failure.Message}", null, failure);
        }

        log.Secret(token);
        return $"{federation.GetLeftPart(UriPartial.Path)}?Action=login&Issuer={Uri.EscapeDataString(Issuer)}&Destination={Uri.EscapeDataString(destination.AbsoluteUri)}&SigninToken={Uri.EscapeDataString(token)}";
    }

    /// <summary>The <c>Session</c> parameter: exactly the three keys the endpoint takes.</summary>
    public static string SessionJson(AwsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("sessionId", credentials.AccessKeyId);
            writer.WriteString("sessionKey", credentials.SecretAccessKey);
            writer.WriteString("sessionToken", credentials.SessionToken);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? SigninToken(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("SigninToken", out var value)
                && value.ValueKind == JsonValueKind.String
                && value.GetString() is { Length: > 0 and < 8192 } token
                && token.All(c => c is > ' ' and < '\x7f')
                ? token
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
