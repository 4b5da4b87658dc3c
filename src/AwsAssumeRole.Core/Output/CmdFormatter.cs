namespace AwsAssumeRole.Core.Output;

/// <summary>
/// <c>--format cmd</c>: <c>set KEY=VALUE</c> lines for Windows' cmd.exe, CRLF-ended as batch files are.
/// cmd has no quoting that survives every context (<c>%</c>, <c>^</c>, <c>&amp;</c>, <c>"</c>), so values
/// are printed only when they hold nothing but the characters STS and regions use.
/// </summary>
public sealed class CmdFormatter : VariableLinesFormatter
{
    /// <inheritdoc />
    protected override string NewLine => "\r\n";

    /// <inheritdoc />
    protected override string Line(string key, string value) => $"set {key}={PrintableValues.RequireUnquotedSafe(key, value)}";
}
