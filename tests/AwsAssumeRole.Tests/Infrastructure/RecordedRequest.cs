namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>One request moto (or the proxy) saw: its method and target, and the form parameters of its body.</summary>
/// <param name="Method">GET, POST, ... or CONNECT.</param>
/// <param name="Target">The request target: a path, or <c>host:port</c> for CONNECT.</param>
/// <param name="Form">The <c>application/x-www-form-urlencoded</c> body as parameters (STS's Query API); empty otherwise.</param>
public sealed record RecordedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Form)
{
    /// <summary>The STS action (<c>AssumeRole</c>, <c>GetCallerIdentity</c>), or null.</summary>
    public string? Action => Form.GetValueOrDefault("Action");

    /// <summary>The parameter's value, or null when the request did not send it.</summary>
    public string? this[string name] => Form.GetValueOrDefault(name);
}
