using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A stand-in for IAM Identity Center on a free loopback port (moto has none), as simple as the
/// protocol allows, serving both the portal (<c>GET /federation/credentials</c>:
/// GetRoleCredentials) and SSO-OIDC (<c>POST /token</c>: CreateToken for the refresh and device
/// grants; <c>POST /client/register</c>; <c>POST /device_authorization</c>). Point
/// <c>AWS_ENDPOINT_URL_SSO</c> and <c>AWS_ENDPOINT_URL_SSO_OIDC</c> at <see cref="Endpoint"/>.
/// GetRoleCredentials answers only a token it issued or was told to accept, with credentials that
/// moto really issued: an <c>AssumeRole</c> of the permission set's role
/// (<c>AWSReservedSSO_ROLE_...</c>) in the account, session <see cref="UserName"/>, so moto
/// knows them and the identity is in the right account. Errors come as the services send them
/// (<c>x-amzn-ErrorType</c>).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FakeSso : IAsyncDisposable
{
    public const string UserName = "alice@example.com";

    private readonly FakeSts server;
    private readonly MotoServer moto;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly HashSet<string> accessTokens = [];
    private readonly HashSet<string> refreshTokens = [];
    private readonly Dictionary<string, string> clients = [];
    private readonly List<(string Operation, JsonObject Body, IReadOnlyDictionary<string, string> Headers)> calls = [];
    private int issued;

    public FakeSso(MotoServer moto)
    {
        this.moto = moto;
        server = FakeSts.Serving(AnswerAsync);
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string Endpoint => server.Endpoint;

    /// <summary>How many device-code polls are answered <c>authorization_pending</c> before the login is approved.</summary>
    public int PendingPolls { get; set; }

    /// <summary>How many device-code polls after those are answered <c>slow_down</c>.</summary>
    public int SlowDowns { get; set; }

    /// <summary>The <c>expiresIn</c> of the tokens CreateToken issues.</summary>
    public int TokenLifetimeSeconds { get; set; } = 28800;

    /// <summary>The operations called, in order (GetRoleCredentials, CreateToken, RegisterClient, StartDeviceAuthorization).</summary>
    public IReadOnlyList<string> Operations
    {
        get
        {
            lock (calls)
            {
                return [.. calls.Select(c => c.Operation)];
            }
        }
    }

    /// <summary>The JSON bodies and headers of the calls to <paramref name="operation"/>.</summary>
    public IReadOnlyList<(JsonObject Body, IReadOnlyDictionary<string, string> Headers)> CallsTo(string operation)
    {
        lock (calls)
        {
            return [.. calls.Where(c => c.Operation == operation).Select(c => (c.Body, c.Headers))];
        }
    }

    /// <summary>Makes GetRoleCredentials accept <paramref name="accessToken"/>.</summary>
    public FakeSso Accepting(string accessToken)
    {
        lock (calls)
        {
            accessTokens.Add(accessToken);
        }

        return this;
    }

    /// <summary>Makes CreateToken accept <paramref name="refreshToken"/> from the client <paramref name="clientId"/> with <paramref name="clientSecret"/>.</summary>
    public FakeSso AcceptingRefresh(string refreshToken, string clientId, string clientSecret)
    {
        lock (calls)
        {
            refreshTokens.Add(refreshToken);
            clients[clientId] = clientSecret;
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        http.Dispose();
    }

    private async Task<HttpAnswer> AnswerAsync(HttpHead head, byte[] body)
    {
        var path = head.Target.Split('?')[0];
        var json = body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? [];
        var operation = (head.Method, path) switch
        {
            ("GET", "/federation/credentials") => "GetRoleCredentials",
            ("POST", "/token") => "CreateToken",
            ("POST", "/client/register") => "RegisterClient",
            ("POST", "/device_authorization") => "StartDeviceAuthorization",
            _ => "Unknown",
        };
        lock (calls)
        {
            calls.Add((operation, json, head.Headers));
        }

        return operation switch
        {
            "GetRoleCredentials" => await RoleCredentialsAsync(head),
            "CreateToken" => CreateToken(json),
            "RegisterClient" => RegisterClient(),
            "StartDeviceAuthorization" => StartDeviceAuthorization(json),
            _ => Error(404, "ResourceNotFoundException", "no such operation"),
        };
    }

    private async Task<HttpAnswer> RoleCredentialsAsync(HttpHead head)
    {
        var query = HttpWire.ParseForm(head.Target.Contains('?', StringComparison.Ordinal) ? head.Target[(head.Target.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty);
        bool known;
        lock (calls)
        {
            known = head.Headers.TryGetValue("x-amz-sso_bearer_token", out var token) && accessTokens.Contains(token);
        }

        if (!known)
        {
            return Error(401, "UnauthorizedException", "Session token not found or invalid");
        }

        var account = query.GetValueOrDefault("account_id") ?? string.Empty;
        var role = query.GetValueOrDefault("role_name") ?? string.Empty;
        if (account.Length != 12 || role.Length == 0)
        {
            return Error(400, "InvalidRequestException", "account_id and role_name are required");
        }

        if (role == "NotAssigned")
        {
            return Error(403, "ForbiddenException", "No access");
        }

        var (accessKey, secret, sessionToken, expiration) = await AssumeInMotoAsync($"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_{role}_0123456789abcdef");
        var document = new JsonObject
        {
            ["roleCredentials"] = new JsonObject
            {
                ["accessKeyId"] = accessKey,
                ["secretAccessKey"] = secret,
                ["sessionToken"] = sessionToken,
                ["expiration"] = expiration.ToUnixTimeMilliseconds(),
            },
        };
        return new HttpAnswer(200, document.ToJsonString());
    }

    private async Task<(string, string, string, DateTimeOffset)> AssumeInMotoAsync(string roleArn)
    {
        using var content = new FormUrlEncodedContent(
        [
            new("Action", "AssumeRole"), new("Version", "2011-06-15"), new("RoleArn", roleArn), new("RoleSessionName", UserName), new("DurationSeconds", "3600"),
        ]);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(moto.Endpoint + "/")) { Content = content };

        // moto picks the service from the credential scope; it checks no signature.
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIDENTITYCENTER01/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0");
        using var response = await http.SendAsync(request);
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        string Value(string name) => xml.Descendants().First(e => e.Name.LocalName == name).Value;
        return (Value("AccessKeyId"), Value("SecretAccessKey"), Value("SessionToken"), DateTimeOffset.Parse(Value("Expiration"), CultureInfo.InvariantCulture));
    }

    private HttpAnswer CreateToken(JsonObject body)
    {
        var grant = (string?)body["grantType"];
        var clientId = (string?)body["clientId"] ?? string.Empty;
        lock (calls)
        {
            if (!clients.TryGetValue(clientId, out var secret) || secret != (string?)body["clientSecret"])
            {
                return Error(401, "InvalidClientException", "Invalid client");
            }

            if (grant == "refresh_token")
            {
                var refresh = (string?)body["refreshToken"] ?? string.Empty;
                if (!refreshTokens.Remove(refresh))
                {
                    return Error(400, "InvalidGrantException", "Invalid grant provided");
                }

                return IssueToken();
            }

            if (grant == "urn:ietf:params:oauth:grant-type:device_code")
            {
                if (PendingPolls > 0)
                {
                    PendingPolls--;
                    return Error(400, "AuthorizationPendingException", "Authorization is still pending");
                }

                if (SlowDowns > 0)
                {
                    SlowDowns--;
                    return Error(400, "SlowDownException", "Client is polling too quickly");
                }

                return IssueToken();
            }

            return Error(400, "UnsupportedGrantTypeException", "Unsupported grant type");
        }
    }

    // Called holding the lock.
    private HttpAnswer IssueToken()
    {
        issued++;
        var access = $"issued-access-token-{issued}";
        var refresh = $"issued-refresh-token-{issued}";
        accessTokens.Add(access);
        refreshTokens.Add(refresh);
        return new HttpAnswer(200, new JsonObject
        {
            ["accessToken"] = access,
            ["tokenType"] = "Bearer",
            ["expiresIn"] = TokenLifetimeSeconds,
            ["refreshToken"] = refresh,
        }.ToJsonString());
    }

    private HttpAnswer RegisterClient()
    {
        lock (calls)
        {
            var id = $"registered-client-{clients.Count + 1}";
            var secret = $"registered-secret-{clients.Count + 1}";
            clients[id] = secret;
            var now = DateTimeOffset.UtcNow;
            return new HttpAnswer(200, new JsonObject
            {
                ["clientId"] = id,
                ["clientSecret"] = secret,
                ["clientIdIssuedAt"] = now.ToUnixTimeSeconds(),
                ["clientSecretExpiresAt"] = now.AddDays(90).ToUnixTimeSeconds(),
            }.ToJsonString());
        }
    }

    private static HttpAnswer StartDeviceAuthorization(JsonObject body) => new(200, new JsonObject
    {
        ["deviceCode"] = "device-code-" + (string?)body["clientId"],
        ["userCode"] = "WDKT-QLBN",
        ["verificationUri"] = "https://device.sso.eu-west-1.amazonaws.com/",
        ["verificationUriComplete"] = "https://device.sso.eu-west-1.amazonaws.com/?user_code=WDKT-QLBN",
        ["expiresIn"] = 600,
        ["interval"] = 1,
    }.ToJsonString());

    private static HttpAnswer Error(int status, string type, string message) =>
        new(status, new JsonObject { ["message"] = message }.ToJsonString()) { Headers = [("x-amzn-ErrorType", type)] };

    /// <summary>Writes a token file as the AWS CLI does, into <paramref name="environment"/>'s ~/.aws/sso/cache; returns its path.</summary>
    public static string WriteToken(TestEnvironment environment, string cacheName, JsonObject token)
    {
        var folder = Path.Combine(environment.Directory, ".aws", "sso", "cache");
        Directory.CreateDirectory(folder);
#pragma warning disable CA5350 // The AWS CLI names the file so.
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(cacheName))) + ".json";
#pragma warning restore CA5350
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, token.ToJsonString());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    /// <summary>An expiry as the AWS CLI writes it.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A JSON value, for tests reading the token file back.</summary>
    public static JsonObject ReadJson(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

}
