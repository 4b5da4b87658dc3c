namespace AwsAssumeRole.Core.Output;

/// <summary>
/// <c>--format env</c>: one unquoted <c>KEY=VALUE</c> a line, LF endings, no <c>export</c>, so that
/// both <c>eval $(aws-assume-role ...)</c> and <c>docker run --env-file &lt;(aws-assume-role ...)</c> work.
/// A value that would not survive unquoted is refused, never printed.
/// </summary>
public sealed class EnvFormatter : VariableLinesFormatter
{
    /// <inheritdoc />
    protected override string Line(string key, string value) => key + "=" + PrintableValues.RequireUnquotedSafe(key, value);
}
