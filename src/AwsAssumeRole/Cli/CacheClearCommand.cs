using System.CommandLine;
using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Cli;

/// <summary><c>aws-assume-role cache clear</c>: removes every entry, lock and temporary file of this tool, and nothing else.</summary>
internal static class CacheClearCommand
{
    public static Command Create(CliContext context)
    {
        var clear = new Command("clear", "Remove every cached credential.");
        clear.SetAction(parsed =>
        {
            var (removed, folder) = CacheCommand.WithStore(context, parsed, "cache clear", store => (store.Clear(), store.Directory));
            context.Log.Info($"removed {removed} cached credential{(removed == 1 ? string.Empty : "s")} from {folder}");
            return ExitCodes.Success;
        });
        return clear;
    }
}
