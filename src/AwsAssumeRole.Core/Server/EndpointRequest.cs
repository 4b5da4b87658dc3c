namespace AwsAssumeRole.Core.Server;

/// <summary>What the endpoint looks at in a request; nothing else of it matters.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Hosts">Every <c>Host</c> header value (HTTP/1.1 requires exactly one).</param>
/// <param name="Authorizations">Every <c>Authorization</c> header value.</param>
public sealed record EndpointRequest(string Method, string Path, IReadOnlyList<string> Hosts, IReadOnlyList<string> Authorizations);
