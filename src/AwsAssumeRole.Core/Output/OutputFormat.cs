using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Output;

/// <summary>The shapes credentials can be printed in (<c>--format</c>).</summary>
public enum OutputFormat
{
    /// <summary>Unquoted <c>KEY=VALUE</c> lines, for <c>eval $(...)</c> and <c>docker --env-file</c>.</summary>
    Env,

    /// <summary>The <c>credential_process</c> JSON document.</summary>
    Json,
}

/// <summary>Names of the formats on the command line.</summary>
public static class OutputFormats
{
    /// <summary>Every name <c>--format</c> accepts, in the order help lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["env", "json"];

    /// <summary>Parses a <c>--format</c> value; throws a bad-input error listing the choices.</summary>
    public static OutputFormat Parse(string text) => text switch
    {
        "env" => OutputFormat.Env,
        "json" => OutputFormat.Json,
        _ => throw AssumeRoleException.BadInput(
            $"invalid --format '{RoleNames.Printable(text)}': choose one of {string.Join(", ", Names)}"),
    };

    /// <summary>The formatter for <paramref name="format"/>.</summary>
    public static ICredentialFormatter For(OutputFormat format) => format switch
    {
        OutputFormat.Env => new EnvFormatter(),
        OutputFormat.Json => new CredentialProcessJsonFormatter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
