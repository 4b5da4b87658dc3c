using System.CommandLine;
using System.Globalization;
using System.Text;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Text;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role cache list</c>: one line per entry (expiry, time left, source key, session
/// name, chain), then one per source entry (IAM Identity Center's role credentials: their key and
/// what they are); never a secret.
/// </summary>
internal static class CacheListCommand
{
    public static Command Create(CliContext context)
    {
        var list = new Command("list", "List the cached credentials: expiry, time left, source key, session name and chain; never a secret.");
        list.SetAction(async (_, cancellationToken) =>
        {
            StandardStreams.RequireOutput("the list");
            var text = CacheCommand.WithStore(context, store => List(store, context.Log, TimeProvider.System.GetUtcNow()));
            await context.WriteStdoutAsync(text, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return list;
    }

    private static string List(CacheStore store, StderrLog log, DateTimeOffset now)
    {
        var rows = store.List()
            .OrderBy(e => e.Source, StringComparer.Ordinal)
            .ThenBy(e => string.Join(' ', e.Hop.Roles), StringComparer.Ordinal)
            .Select(e => new[]
            {
                Iso8601.Format(e.Hop.Credentials.Expiration!.Value),
                Left(e.Hop.Credentials.Expiration.Value - now),
                e.Source,
                e.Hop.SessionName,
                string.Join(" > ", e.Hop.Roles),
            })
            .ToList();

        // A source's own credentials (IAM Identity Center's role credentials): what they are, in the chain column.
        rows.AddRange(store.ListSources()
            .OrderBy(e => e.Source, StringComparer.Ordinal)
            .Select(e => new[]
            {
                Iso8601.Format(e.Credentials.Expiration!.Value),
                Left(e.Credentials.Expiration.Value - now),
                e.Credentials.MaskedAccessKeyId,
                "-",
                Core.Text.PrintableText.Escape(e.Source),
            }));
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

    /// <summary>
    /// Minutes under a day; days and hours beyond, so that an entry far in the future (a hand-made or
    /// foreign file, a clock set back) counts in whole numbers that cannot overflow.
    /// </summary>
    private static string Left(TimeSpan left) =>
        left <= TimeSpan.Zero ? "expired"
        : left < TimeSpan.FromMinutes(1) ? "<1m"
        : left < TimeSpan.FromDays(1) ? Durations.Describe((left.Hours * 3600) + (left.Minutes * 60))
        : left.Hours == 0 ? string.Create(CultureInfo.InvariantCulture, $"{left.Days}d")
        : string.Create(CultureInfo.InvariantCulture, $"{left.Days}d{left.Hours}h");
}
