namespace AwsAssumeRole.Core.Output;

/// <summary>
/// <c>--format export</c>: <c>export KEY='VALUE'</c> lines for POSIX shells (sh, dash, bash, zsh, ksh),
/// so <c>eval "$(aws-assume-role --format export ...)"</c> sets the variables in the current shell
/// and its children see them.
/// </summary>
public sealed class ExportFormatter : VariableLinesFormatter
{
    /// <summary>
    /// POSIX single quotes: everything inside is literal, newlines included; a <c>'</c> ends the
    /// quote, is written as <c>\'</c>, and a new quote starts.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }

    /// <inheritdoc />
    protected override string Line(string key, string value) => $"export {key}={Quote(value)}";
}
