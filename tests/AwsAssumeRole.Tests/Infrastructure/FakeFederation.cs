using System.Text.Json;
using System.Text.Json.Nodes;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A stand-in for the console federation endpoint (<c>signin.aws.amazon.com/federation</c>) on a
/// free loopback port, for <c>AWS_ASSUME_ROLE_FEDERATION_URL</c>. It answers
/// <c>Action=getSigninToken</c> as AWS does only when the <c>Session</c> JSON has exactly
/// <c>sessionId</c>, <c>sessionKey</c> and <c>sessionToken</c>, and refuses <c>SessionDuration</c>
/// unless <see cref="AllowSessionDuration"/> (AWS refuses it for chained credentials, which a test
/// knows and this server cannot tell); it records every query.
/// </summary>
public sealed class FakeFederation : IAsyncDisposable
{
    private readonly FakeSts server;
    private readonly List<IReadOnlyDictionary<string, string>> queries = [];

    public FakeFederation() => server = FakeSts.Serving((head, _) => Task.FromResult(Answer(head)));

    /// <summary>The federation URL: <c>http://127.0.0.1:PORT/federation</c>.</summary>
    public string Url => server.Endpoint + "/federation";

    /// <summary>Whether a <c>SessionDuration</c> is legal for the credentials of this test.</summary>
    public bool AllowSessionDuration { get; set; }

    /// <summary>The status to answer with instead (500 for a failing endpoint), or null.</summary>
    public int? FailWith { get; set; }

    /// <summary>The sign-in token it hands out.</summary>
    public string Token { get; } = "SIGNIN-TOKEN-" + Guid.NewGuid().ToString("N");

    /// <summary>The query parameters of every request.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Queries
    {
        get
        {
            lock (queries)
            {
                return [.. queries];
            }
        }
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private HttpAnswer Answer(HttpHead head)
    {
        var question = head.Target.IndexOf('?', StringComparison.Ordinal);
        var query = HttpWire.ParseForm(question < 0 ? string.Empty : head.Target[(question + 1)..]);
        lock (queries)
        {
            queries.Add(query);
        }

        if (FailWith is { } status)
        {
            return new HttpAnswer(status, "Internal Failure", "text/plain");
        }

        if (head.Method != "GET" || !head.Target.StartsWith("/federation?", StringComparison.Ordinal) || query.GetValueOrDefault("Action") != "getSigninToken")
        {
            return new HttpAnswer(400, "Bad Request: Action", "text/plain");
        }

        if (query.TryGetValue("SessionDuration", out var duration) && (!AllowSessionDuration || !int.TryParse(duration, out var seconds) || seconds is < 900 or > 43200))
        {
            return new HttpAnswer(400, "Bad Request: SessionDuration", "text/plain");
        }

        try
        {
            var session = JsonNode.Parse(query.GetValueOrDefault("Session") ?? string.Empty)?.AsObject();
            if (session is null || session.Select(p => p.Key).Order(StringComparer.Ordinal).SequenceEqual(["sessionId", "sessionKey", "sessionToken"]) is false
                || session.Any(p => p.Value?.GetValueKind() != JsonValueKind.String || ((string?)p.Value)!.Length == 0))
            {
                return new HttpAnswer(400, "Bad Request: Session", "text/plain");
            }
        }
        catch (JsonException)
        {
            return new HttpAnswer(400, "Bad Request: Session JSON", "text/plain");
        }

        return new HttpAnswer(200, new JsonObject { ["SigninToken"] = Token }.ToJsonString());
    }
}
