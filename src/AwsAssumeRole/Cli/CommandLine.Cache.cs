using System.CommandLine;

namespace AwsAssumeRole.Cli;

/// <summary>The cache's part of the grammar: its options and the <c>cache list|clear</c> command.</summary>
internal sealed partial class CommandLine
{
    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Neither read nor write the credentials cache." };

    public Option<bool> Refresh { get; } = new("--refresh") { Description = "Ignore cached credentials, assume every role again, and cache the new ones." };

    public Option<string> MinRemaining { get; } = new("--min-remaining") { Description = "Use cached credentials only while more than this is left before they expire: seconds or 10m, 1h (default 15m).", HelpName = "DURATION" };

    public Command Cache { get; } = new("cache", "Manage the credentials cache (AWS_ASSUME_ROLE_CACHE_DIR, else $XDG_CACHE_HOME/aws-assume-role, else ~/.cache/aws-assume-role).");

    public Command CacheList { get; } = new("list", "List the cached credentials: expiry, time left, source key, session name and chain; never a secret.");

    public Command CacheClear { get; } = new("clear", "Remove every cached credential.");

    /// <summary>True when the command line is <c>cache list</c> or <c>cache clear</c>.</summary>
    public bool IsCacheCommand(ParseResult parsed) => parsed.CommandResult.Command == CacheList || parsed.CommandResult.Command == CacheClear;

    private void AddCacheGrammar()
    {
        foreach (var option in new Option[] { NoCache, Refresh, MinRemaining })
        {
            option.Recursive = true;
            Root.Options.Add(option);
        }

        Cache.Subcommands.Add(CacheList);
        Cache.Subcommands.Add(CacheClear);
        CacheList.SetAction(_ => 0);
        CacheClear.SetAction(_ => 0);
        Root.Subcommands.Add(Cache);
    }
}
