using System.Globalization;
using System.Text;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Sources;

/// <summary>
/// Stops <c>credential_process</c> recursion. A profile whose <c>credential_process</c> runs
/// aws-assume-role, read again by that very run (through <c>AWS_PROFILE</c>), would fork without end.
/// Each run that goes on to resolve source credentials passes two variables down to the processes
/// started meanwhile: <see cref="DepthVariable"/>, how many runs are nested, and
/// <see cref="ResolvingVariable"/>, a fingerprint of each one's chain (its arguments and the
/// profile named by <c>AWS_DEFAULT_PROFILE</c> or <c>AWS_PROFILE</c>). A run whose fingerprint is already there is the loop, and fails at once;
/// a run that would be the <see cref="MaxDepth"/>-th nested one fails too, whatever its arguments.
/// </summary>
public sealed class RecursionGuard
{
    /// <summary>How many aws-assume-role runs are resolving source credentials above this one.</summary>
    public const string DepthVariable = EnvironmentVariables.Depth;

    /// <summary>The fingerprints of their chains, separated by <c>:</c>.</summary>
    public const string ResolvingVariable = EnvironmentVariables.Resolving;

    /// <summary>At most this many runs nested through <c>credential_process</c>; the last one refuses to go on.</summary>
    public const int MaxDepth = 5;

    private RecursionGuard(int depth, string resolving)
    {
        Depth = depth;
        Variables =
        [
            new(DepthVariable, depth.ToString(CultureInfo.InvariantCulture)),
            new(ResolvingVariable, resolving),
        ];
    }

    /// <summary>This run's depth: 1 for a run no other aws-assume-role started.</summary>
    public int Depth { get; }

    /// <summary>What a <c>credential_process</c> run while resolving source credentials must find in its environment.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables { get; }

    /// <summary>
    /// Checks this run against the runs above it; throws (exit 2) on a loop or when nested too deep.
    /// </summary>
    /// <param name="environment">This process's environment.</param>
    /// <param name="arguments">The run's own arguments (those before <c>--</c>).</param>
    /// <param name="profileOption">The <c>--profile</c> value, or null, for the message.</param>
    /// <param name="roles">The roles, for the message.</param>
    public static RecursionGuard Enter(IEnvironment environment, IReadOnlyList<string> arguments, string? profileOption, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(roles);
        var above = ReadDepth(environment.Get(DepthVariable));
        var resolving = environment.Get(ResolvingVariable) is { } text ? text.Split(':', StringSplitOptions.RemoveEmptyEntries) : [];
        // The profile a run reads without --profile, as ProfileChainResolver picks it.
        var profileVariable = environment.Get(EnvironmentVariables.DefaultProfile) ?? environment.Get(EnvironmentVariables.Profile);
        var profile = profileOption ?? profileVariable;
        var fingerprint = Fingerprint(arguments, profileVariable);
        var chain = roles.Count == 0 ? "the source identity" : string.Join(' ', roles.Select(RoleNames.Printable));
        var source = profile is null ? "the default credentials" : $"profile '{RoleNames.Printable(profile)}'";

        if (resolving.Contains(fingerprint, StringComparer.Ordinal))
        {
            throw AssumeRoleException.BadInput(
                $"credential_process loop: an aws-assume-role run further up is already resolving {source} for this same chain ({chain}), and resolving it ran aws-assume-role again",
                $"the credential_process of {source} runs aws-assume-role, which reads {source} again: give that command its source credentials another way (--profile OTHER in the credential_process line, or a profile without credential_process in AWS_PROFILE)");
        }

        if (above + 1 >= MaxDepth)
        {
            throw AssumeRoleException.BadInput(
                $"credential_process nesting too deep: {above} aws-assume-role runs above this one are already resolving source credentials, and {MaxDepth - 1} is the most allowed; a profile's credential_process probably calls aws-assume-role in a loop ({source}, chain {chain})",
                $"check the credential_process lines in your AWS config; {DepthVariable} counts the nesting");
        }

        return new RecursionGuard(above + 1, string.Join(':', resolving.Append(fingerprint)));
    }

    private static int ReadDepth(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth < 1000
            ? depth
            : throw AssumeRoleException.BadInput($"invalid {DepthVariable} '{RoleNames.Printable(text)}': expected a small number (aws-assume-role sets it for the commands it starts)");
    }

    /// <summary>16 hex digits of SHA-256 over the arguments and the profile variable: the same chain from the same source.</summary>
    private static string Fingerprint(IReadOnlyList<string> arguments, string? awsProfile)
    {
        var text = string.Join('\0', arguments) + "\0\0" + (awsProfile ?? string.Empty);
        return Sha256.HexOf(Encoding.UTF8.GetBytes(text))[..16];
    }
}
