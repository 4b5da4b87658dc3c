using System.CommandLine;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role cache list|clear</c>: the group, and what its verbs share (the folder, and
/// turning an unreadable folder into one error line).
/// </summary>
internal static class CacheCommand
{
    public static Command Create(CliContext context)
    {
        var cache = new Command("cache", "Manage the credentials cache (AWS_ASSUME_ROLE_CACHE_DIR, else $XDG_CACHE_HOME/aws-assume-role, else ~/.cache/aws-assume-role).");
        cache.Subcommands.Add(CacheListCommand.Create(context));
        cache.Subcommands.Add(CacheClearCommand.Create(context));

        // 'cache' alone or with an unknown word: say what is valid instead of the parser's "Required command was not provided".
        var unknown = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Hidden = true };
        cache.Arguments.Add(unknown);
        cache.SetAction(parsed => Unknown(parsed.GetValue(unknown) ?? []));
        return cache;
    }

    /// <summary>Runs <paramref name="action"/> on the cache store; fails before it when there is a command after <c>--</c>.</summary>
    public static T WithStore<T>(CliContext context, Func<CacheStore, T> action)
    {
        if (context.Command is not null)
        {
            throw AssumeRoleException.BadInput("'cache list' and 'cache clear' run no command after '--'");
        }

        var folder = CacheLocation.Resolve(context.Environment, OperatingSystem.IsWindows())
            ?? throw AssumeRoleException.BadInput("no folder for the credentials cache: set AWS_ASSUME_ROLE_CACHE_DIR or HOME");
        var store = new CacheStore(folder, context.Log, TimeProvider.System);
        try
        {
            return action(store);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AssumeRoleException(ExitCodes.AwsFailure, $"cannot read or change the credentials cache in {folder}: {SystemErrors.Describe(e)}");
        }
    }

    private static int Unknown(string[] words) => throw AssumeRoleException.BadInput(
        words.Length == 0
            ? "'cache' needs a command: 'cache list' or 'cache clear'"
            : $"unknown cache command '{RoleNames.Printable(words[0])}': choose 'cache list' or 'cache clear'");
}
