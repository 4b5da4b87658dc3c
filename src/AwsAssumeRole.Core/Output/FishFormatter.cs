namespace AwsAssumeRole.Core.Output;

/// <summary>
/// <c>--format fish</c>: <c>set -gx KEY 'VALUE';</c> lines, for <c>aws-assume-role --format fish ... | source</c>.
/// </summary>
public sealed class FishFormatter : VariableLinesFormatter
{
    /// <summary>
    /// fish single quotes: everything inside is literal except <c>\\</c> and <c>\'</c>, so a
    /// backslash and a quote are the two characters to escape.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"\'", StringComparison.Ordinal) + "'";
    }

    /// <inheritdoc />
    protected override string Line(string key, string value) => $"set -gx {key} {Quote(value)};";
}
