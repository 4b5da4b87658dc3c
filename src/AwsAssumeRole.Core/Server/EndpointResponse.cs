namespace AwsAssumeRole.Core.Server;

/// <summary>What the endpoint answers: a status and a JSON body (<c>application/json</c>, never cached).</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The JSON body.</param>
public sealed record EndpointResponse(int Status, string Body)
{
    /// <summary>For <c>405</c>: the methods the endpoint takes.</summary>
    public string? Allow { get; init; }
}
