using System.CommandLine;
using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Cli;

/// <summary><c>aws-assume-role cache clear</c>: removes every entry, lock and temporary file of this tool, and nothing else.</summary>
internal static class CacheClearCommand
{
    public static Command Create(CliContext context)
    {
        var clear = new Command("clear", "Remove every cached credential.");
        clear.SetAction(_ =>
        {
            var ((removed, identities), folder) = CacheCommand.WithStore(context, store => (store.Clear(), store.Directory));
            var andIdentities = identities == 0 ? string.Empty : $" and {identities} source identit{(identities == 1 ? "y" : "ies")}";
            context.Log.Info($"removed {removed} cached credential{(removed == 1 ? string.Empty : "s")}{andIdentities} from {folder}");
            return ExitCodes.Success;
        });
        return clear;
    }
}
