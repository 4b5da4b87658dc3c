using System.CommandLine;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.SignIn;
using AwsAssumeRole.Core.Text;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role console [OPTIONS] [ROLE...]</c>: runs the chain, then signs the final
/// credentials in to the AWS console of their partition (<see cref="ConsoleSignIn"/>) and opens it
/// in the browser through a redirect page (<see cref="ConsoleBrowser"/>), or with <c>--print</c>
/// writes the sign-in URL to stdout. <c>SessionDuration</c> is sent only where the federation
/// endpoint takes it: one hop, made with an IAM user's long-term keys.
/// </summary>
internal static class ConsoleCommand
{
    public static Command Create(CommandLine cli, CliContext context)
    {
        var console = new Command("console", "Open the AWS console, signed in as the end of the chain (the source itself when no ROLE is given and it is temporary), in the browser; the sign-in URL never goes on a command line.");
        var roles = CommandLine.RoleArgument("The roles to assume first, in order.");
        var print = new Option<bool>("--print") { Description = "Print the sign-in URL on stdout instead of opening the browser (it signs in whoever opens it within 15 minutes)." };
        var destination = new Option<string>("--destination") { Description = "The console page: a service (s3, ec2, cloudformation, ...; in the region when one is known) or an https:// console URL (default: the console home).", HelpName = "SERVICE_OR_URL" };
        var duration = new Option<string>("--console-duration") { Description = "Console session length, 15m to 12h: only for one hop made with an IAM user's long-term keys (default: until the credentials expire).", HelpName = "DURATION" };
        console.Arguments.Add(roles);
        console.Options.Add(print);
        console.Options.Add(destination);
        console.Options.Add(duration);
        cli.AddChainOptions(console, except: cli.Format);
        console.SetAction((parsed, cancellationToken) => RunAsync(cli, context, parsed, new Options(roles, print, destination, duration), cancellationToken));
        return console;
    }

    private static async Task<int> RunAsync(CommandLine cli, CliContext context, ParseResult parsed, Options options, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(cli.Roles) is [var first, ..])
        {
            throw AssumeRoleException.BadInput($"'console' comes first: aws-assume-role console {RoleNames.Printable(first)} ... (a role named console is given by its ARN)");
        }

        if (context.Command is not null)
        {
            throw AssumeRoleException.BadInput("console does not run a command: leave out 'console' to run one after '--'");
        }

        var print = parsed.GetValue(options.Print);
        var sessionDuration = parsed.GetValue(options.Duration) is { } text ? Durations.Parse(text, "--console-duration") : (int?)null;
        var destination = parsed.GetValue(options.Destination);
        if (destination is not null && !ConsolePartition.IsShorthand(destination) && !destination.StartsWith("https://", StringComparison.Ordinal))
        {
            // Not echoed: it may hold a user name and password.
            throw AssumeRoleException.BadInput("invalid --destination: expected a service such as s3, ec2 or cloudformation, or an https:// console URL");
        }

        var federation = ConsoleSignIn.FederationOverride(context.Environment);
        var browser = print ? null : ConsoleBrowser.Find(context.Environment);
        if (print)
        {
            StandardStreams.RequireOutput("the sign-in URL");
        }

        using var session = ChainInput.Open(cli, context, parsed, parsed.GetValue(options.Roles) ?? []);
        var hops = session.Plan.Hops.Count;
        CheckLegal(hops, session.Source.KnownTemporary, sessionDuration);
        if (session.Plan.Hops.LastOrDefault()?.Role.Arn is { } lastArn)
        {
            // Known before any call: refuse a partition without a console, and a destination not on its console, now.
            ConsolePartition.For(lastArn.Partition).Destination(destination, session.Endpoint.Region);
        }

        var source = await session.GetSourceAsync(cancellationToken).ConfigureAwait(false);
        CheckLegal(hops, source.IsTemporary, sessionDuration);
        var result = await session.GetCredentialsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var partitionName = result.Identity?.Partition
            ?? IdentityArn.TryParse((await session.WhoAmIAsync(result, cancellationToken).ConfigureAwait(false)).Arn)?.Partition
            ?? throw AssumeRoleException.AwsFailure("GetCallerIdentity returned an ARN without a partition");
        var partition = ConsolePartition.For(partitionName);
        var landing = partition.Destination(destination, session.Endpoint.Region);
        var url = await new ConsoleSignIn(session.Transport.Client, session.Transport, context.Log)
            .UrlAsync(result.Credentials, federation ?? partition.Federation, landing, sessionDuration, cancellationToken)
            .ConfigureAwait(false);
        context.Log.Secret(url);

        var now = TimeProvider.System.GetUtcNow();
        var ends = sessionDuration is { } seconds ? now.AddSeconds(seconds) : result.Credentials.Expiration;
        context.Log.Info(ends is { } end
            ? $"console session for {result.Identity?.ToString() ?? "the source identity"} until {Iso8601.Format(end)}{(sessionDuration is null ? " (when the credentials expire)" : string.Empty)}; the sign-in URL works for 15 minutes"
            : "the sign-in URL works for 15 minutes");

        if (print)
        {
            await context.WriteStdoutAsync(url + "\n", cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        string page;
        try
        {
            page = ConsoleRedirectFile.Write(ConsoleRedirectFile.Folder(context.Environment), url, TimeProvider.System, context.Log);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AssumeRoleException.AwsFailure($"cannot write the console sign-in page: {SystemErrors.Describe(e)}", "give --print to print the sign-in URL instead");
        }

        context.Log.Debug($"console sign-in page {page}, opened with {browser!.Name}");
        var exit = await browser.OpenAsync(page, cancellationToken).ConfigureAwait(false);
        if (exit is { } code and not 0)
        {
            throw AssumeRoleException.AwsFailure($"{browser.Name} exited with {code} without opening the console", "set BROWSER to your browser's command, or give --print to print the sign-in URL instead");
        }

        context.Log.Info($"opened the console with {browser.Name}");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The federation endpoint takes temporary credentials only, and <c>SessionDuration</c> only for
    /// a role assumed with an IAM user's long-term keys: refuse the rest before asking it.
    /// </summary>
    private static void CheckLegal(int hops, bool? temporarySource, int? sessionDuration)
    {
        if (hops == 0 && temporarySource == false)
        {
            throw AssumeRoleException.BadInput(
                "console needs temporary credentials: the source is long-term keys (an IAM user's), which the console federation endpoint refuses",
                "name a role to assume: aws-assume-role console ROLE");
        }

        if (sessionDuration is null)
        {
            return;
        }

        if (hops >= 2 || (hops == 1 && temporarySource == true) || hops == 0)
        {
            var why = hops >= 2 ? $"the chain has {hops} hops (role chaining)"
                : hops == 1 ? "the first hop is made with temporary credentials (role chaining)"
                : "the credentials are not from a role assumed with long-term keys";
            throw AssumeRoleException.BadInput(
                $"--console-duration cannot be used here: {why}, and the federation endpoint refuses SessionDuration for such credentials",
                "leave --console-duration out: the console session then lasts until the credentials expire (1 hour at most when chaining)");
        }
    }

    private sealed record Options(Argument<string[]> Roles, Option<bool> Print, Option<string> Destination, Option<string> Duration);
}
