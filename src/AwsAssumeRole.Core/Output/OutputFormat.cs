using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Output;

/// <summary>The shapes credentials can be printed in (<c>--format</c>).</summary>
public enum OutputFormat
{
    /// <summary>Unquoted <c>KEY=VALUE</c> lines, for <c>eval $(...)</c> and <c>docker --env-file</c>.</summary>
    Env,

    /// <summary><c>export KEY='VALUE'</c> lines for POSIX shells.</summary>
    Export,

    /// <summary><c>set -gx KEY 'VALUE';</c> lines for fish.</summary>
    Fish,

    /// <summary><c>$Env:KEY = 'VALUE'</c> lines for PowerShell.</summary>
    PowerShell,

    /// <summary><c>set KEY=VALUE</c> lines for cmd.exe.</summary>
    Cmd,

    /// <summary>The <c>credential_process</c> JSON document.</summary>
    Json,
}

/// <summary>Names of the formats on the command line.</summary>
public static class OutputFormats
{
    /// <summary>Every name <c>--format</c> accepts, in the order help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["env", "export", "fish", "powershell", "cmd", "json"];

    /// <summary>Parses a <c>--format</c> value; throws a bad-input error listing the choices.</summary>
    public static OutputFormat Parse(string text) => text switch
    {
        "env" => OutputFormat.Env,
        "export" => OutputFormat.Export,
        "fish" => OutputFormat.Fish,
        "powershell" => OutputFormat.PowerShell,
        "cmd" => OutputFormat.Cmd,
        "json" => OutputFormat.Json,
        _ => throw AssumeRoleException.BadInput(
            $"invalid --format '{RoleNames.Printable(text)}': choose one of {string.Join(", ", Names)}"),
    };

    /// <summary>The formatter for <paramref name="format"/>.</summary>
    public static ICredentialFormatter For(OutputFormat format) => format switch
    {
        OutputFormat.Env => new EnvFormatter(),
        OutputFormat.Export => new ExportFormatter(),
        OutputFormat.Fish => new FishFormatter(),
        OutputFormat.PowerShell => new PowerShellFormatter(),
        OutputFormat.Cmd => new CmdFormatter(),
        OutputFormat.Json => new CredentialProcessJsonFormatter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
