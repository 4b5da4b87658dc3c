using System.Text;

namespace AwsAssumeRole.Core.Output;

/// <summary>
/// <c>--format env</c>: one unquoted <c>KEY=VALUE</c> a line, LF endings, no <c>export</c>, so that
/// both <c>eval $(aws-assume-role ...)</c> and <c>docker run --env-file &lt;(aws-assume-role ...)</c> work.
/// </summary>
public sealed class EnvFormatter : ICredentialFormatter
{
    /// <inheritdoc />
    public string Format(IssuedCredentials issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        var text = new StringBuilder();
        foreach (var (key, value) in issued.Variables())
        {
            text.Append(key).Append('=').Append(value).Append('\n');
        }

        return text.ToString();
    }
}
