using System.Text;

namespace AwsAssumeRole.Core.Output;

/// <summary>
/// <c>--format powershell</c>: <c>$Env:KEY = 'VALUE'</c> lines, for
/// <c>aws-assume-role --format powershell ... | Invoke-Expression</c> (Windows PowerShell and pwsh).
/// </summary>
public sealed class PowerShellFormatter : VariableLinesFormatter
{
    /// <summary>
    /// A PowerShell verbatim string: nothing inside is expanded; a quote is written twice. PowerShell
    /// takes the typographic quotes U+2018 to U+201B for <c>'</c> too, so they are doubled as well.
    /// </summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var quoted = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            quoted.Append(c);
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                quoted.Append(c);
            }
        }

        return quoted.Append('\'').ToString();
    }

    /// <inheritdoc />
    protected override string Line(string key, string value) => $"$Env:{key} = {Quote(value)}";
}
