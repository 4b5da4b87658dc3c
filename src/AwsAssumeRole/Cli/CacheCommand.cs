using System.CommandLine;
using System.Text;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Cli;

/// <summary><c>aws-assume-role cache list</c> and <c>aws-assume-role cache clear</c>.</summary>
internal static class CacheCommand
{
    /// <summary>Runs the cache command; returns what goes to stdout (the listing, or nothing).</summary>
    public static string Run(CommandLine cli, ParseResult parsed, string[]? command, IEnvironment environment, StderrLog log)
    {
        if (command is not null)
        {
            throw AssumeRoleException.BadInput("'cache list' and 'cache clear' run no command after '--'");
        }

        var folder = CacheLocation.Resolve(environment, OperatingSystem.IsWindows())
            ?? throw AssumeRoleException.BadInput("no folder for the credentials cache: set AWS_ASSUME_ROLE_CACHE_DIR or HOME");
        var store = new CacheStore(folder, log);
        try
        {
            return parsed.CommandResult.Command == cli.CacheClear ? Clear(store, log) : List(store, log, TimeProvider.System.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AssumeRoleException(ExitCodes.AwsFailure, $"cannot read or change the credentials cache in {folder}: {SystemErrors.Describe(e)}");
        }
    }

    private static string Clear(CacheStore store, StderrLog log)
    {
        var removed = store.Clear();
        log.Info($"removed {removed} cached credential{(removed == 1 ? string.Empty : "s")} from {store.Directory}");
        return string.Empty;
    }

    /// <summary>One line per entry: expiry, time left, source key, session name, chain. Never a secret.</summary>
    private static string List(CacheStore store, StderrLog log, DateTimeOffset now)
    {
        var rows = store.List()
            .OrderBy(e => e.Source, StringComparer.Ordinal)
            .ThenBy(e => string.Join(' ', e.Hop.Roles), StringComparer.Ordinal)
            .Select(e => new[]
            {
                IssuedCredentials.FormatExpiration(e.Hop.Credentials.Expiration!.Value),
                Left(e.Hop.Credentials.Expiration.Value - now),
                e.Source,
                e.Hop.SessionName,
                string.Join(" > ", e.Hop.Roles),
            })
            .ToList();
        if (rows.Count == 0)
        {
            log.Info($"no cached credentials in {store.Directory}");
            return string.Empty;
        }

        rows.Insert(0, ["EXPIRES", "LEFT", "SOURCE", "SESSION", "CHAIN"]);
        var widths = Enumerable.Range(0, 4).Select(column => rows.Max(row => row[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var column = 0; column < 4; column++)
            {
                text.Append(row[column].PadRight(widths[column])).Append("  ");
            }

            text.Append(row[4]).Append('\n');
        }

        return text.ToString();
    }

    private static string Left(TimeSpan left) =>
        left <= TimeSpan.Zero ? "expired"
        : left < TimeSpan.FromMinutes(1) ? "<1m"
        : Durations.Describe((int)left.TotalMinutes * 60);
}
