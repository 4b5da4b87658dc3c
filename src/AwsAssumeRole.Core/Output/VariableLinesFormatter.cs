using System.Text;

namespace AwsAssumeRole.Core.Output;

/// <summary>
/// The formats that print one statement per variable, in <see cref="IssuedCredentials.Variables"/>
/// order: each says how one line looks and how lines end.
/// </summary>
public abstract class VariableLinesFormatter : ICredentialFormatter
{
    /// <summary>What ends each line: LF, except where the shell's own convention differs.</summary>
    protected virtual string NewLine => "\n";

    /// <inheritdoc />
    public string Format(IssuedCredentials issued)
    {
        ArgumentNullException.ThrowIfNull(issued);
        return Format(issued.Variables());
    }

    /// <summary>Any variables, in the given order, as this format sets them (<c>serve</c> prints its endpoint's).</summary>
    public string Format(IEnumerable<KeyValuePair<string, string>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var text = new StringBuilder();
        foreach (var (key, value) in variables)
        {
            PrintableValues.RejectNul(key, value);
            text.Append(Line(key, value)).Append(NewLine);
        }

        return text.ToString();
    }

    /// <summary>One statement setting <paramref name="key"/> to <paramref name="value"/>, without the line end.</summary>
    protected abstract string Line(string key, string value);
}
