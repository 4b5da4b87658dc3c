using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Server;
using AwsAssumeRole.Exec;
using AwsAssumeRole.Server;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role serve [OPTIONS] ROLE... [-- COMMAND [ARG...]]</c>: a container credentials
/// endpoint on 127.0.0.1 in front of the chain, renewing the credentials before they expire. With a
/// command it runs the command against the endpoint and ends with it; without, it prints the
/// endpoint's two variables, closes stdout and serves until SIGINT, SIGTERM, SIGHUP or SIGQUIT.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CommandLine cli, CliContext context)
    {
        var serve = new Command(
            "serve",
            "Serve the chain's credentials on a local container credentials endpoint (127.0.0.1, random token) that renews them before they expire, so jobs outlive the 1-hour role-chaining cap. " +
            "With -- COMMAND, run COMMAND against it and exit with its exit code; without, print AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN and serve until Ctrl-C or SIGTERM. " +
            "--min-remaining is when to renew (default 20m, or a third of a shorter session).");
        var roles = CommandLine.RoleArgument("The roles to assume, in order: the endpoint hands out the last one's credentials.");
        var port = new Option<string>("--port") { Description = "Port on 127.0.0.1 to listen on (default: a free port the system picks).", HelpName = "PORT" };
        serve.Arguments.Add(roles);
        serve.Options.Add(port);
        cli.AddChainOptions(serve);
        cli.Describe(serve, cli.Format, "Format of the two lines printed without -- COMMAND: env, export, fish, powershell, cmd (default env).");
        cli.Describe(serve, cli.MinRemaining, "Renew the credentials when fewer than this remain: 10s or more, shorter than the session (default 20m, or a third of a shorter session).");
        cli.Describe(serve, cli.Region, "STS region, also given to COMMAND as AWS_REGION/AWS_DEFAULT_REGION (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's; else the global endpoint).");
        cli.Describe(serve, cli.Timeout, "The most time each run of the chain (the first, and each renewal) may spend waiting for STS: seconds or 30s, 2m (default: AWS_ASSUME_ROLE_TIMEOUT, else 15s).");
        cli.Describe(serve, cli.Quiet, "Do not print the INFO lines (where it serves, each renewal); warnings stay.");
        serve.SetAction((parsed, cancellationToken) => RunAsync(cli, context, parsed, roles, port, cancellationToken));
        return serve;
    }

    private static async Task<int> RunAsync(CommandLine cli, CliContext context, ParseResult parsed, Argument<string[]> roles, Option<string> portOption, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(cli.Roles) is [var first, ..])
        {
            throw AssumeRoleException.BadInput($"'serve' comes first: aws-assume-role serve {RoleNames.Printable(first)} ... (a role named serve is given by its ARN)");
        }

        var command = context.Command;
        if (command is { Length: 0 })
        {
            throw AssumeRoleException.BadInput("nothing after '--': name the command to run against the endpoint (see aws-assume-role serve --help)");
        }

        var format = Format(parsed.GetValue(cli.Format), command is not null);
        var port = Port(parsed.GetValue(portOption));
        var path = command is null ? null : CheckCommand(command[0], context);
        if (command is null)
        {
            StandardStreams.RequireOutput("the endpoint's address and token");
        }

        var log = new RefreshLog(context.Log);
        var terminal = new StartupTerminal(new TtyTerminal());
        var session = ChainInput.Open(cli, context, parsed, parsed.GetValue(roles) ?? [], new ChainInput.LongLived(log, terminal));
        PrintCommand.RequireHops(session.Plan.Hops.Count);
        var margin = RefreshWindow.For(session.Plan, parsed.GetValue(cli.MinRemaining) is null ? null : session.MinRemaining);
        foreach (var competing in CompetingCredentials.InDefaultProfile(session.Profiles, credentialsFileHidden: command is not null))
        {
            context.Log.Warning(competing);
        }

        // Listening before the chain runs: a port in use fails before any call. Nobody has the
        // token yet, so nothing can be served meanwhile.
        await using var server = await CredentialsServer.StartAsync(port, cancellationToken).ConfigureAwait(false);
        var initial = await session.GetCredentialsAsync(margin, cancellationToken).ConfigureAwait(false);
        RefreshWindow.RequireLongerLifetime(initial, TimeProvider.System.GetUtcNow(), margin);
        log.StartServing();
        terminal.Close();

        var keeper = new CredentialsKeeper(initial, session.Plan.Hops.Count, (needed, refresh) => session.GetCredentialsAsync(needed, refresh), margin, TimeProvider.System, context.Log);
        var token = ServerToken.Create();

        // No line is built from it; should one ever be, the log masks it.
        context.Log.Secret(token.Text);
        var endpoint = new CredentialsEndpoint(token, keeper, TimeProvider.System, server.Port);
        server.Serve(endpoint);
        context.Log.Info($"serve: credentials for {initial.FinalRole} at {endpoint.Uri}, renewed when fewer than {Durations(margin)} remain");

        using var stopping = new CancellationTokenSource();
        Task? refreshing = null;
        try
        {
            if (command is not null)
            {
                var environment = EndpointVariables.ChildEnvironmentFor(context.Environment.All(), endpoint.Uri, token, session.Endpoint.Region, initial.FinalRole!);
                context.Log.Debug($"running {RoleNames.Printable(command[0])} against the endpoint");

                // Refreshes start once the command has: nothing of this process writes while it forks.
                return await ChildProcess.RunAsync(path!, command, environment, started: _ => refreshing = keeper.RunAsync(stopping.Token)).ConfigureAwait(false);
            }

            refreshing = keeper.RunAsync(stopping.Token);
            var lines = ((VariableLinesFormatter)OutputFormats.For(format)).Format(EndpointVariables.For(endpoint.Uri, token));
            await context.WriteStdoutAsync(lines, cancellationToken).ConfigureAwait(false);
            StandardStreams.CloseOutput();
            await UntilInterruptedAsync(cancellationToken).ConfigureAwait(false);
            context.Log.Info("serve: stopped");
            return ExitCodes.Success;
        }
        finally
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            if (refreshing is not null)
            {
                await refreshing.ConfigureAwait(false);
            }

            await server.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for SIGINT (the cancellation of the whole run), SIGTERM, SIGHUP (the terminal closed) or
    /// SIGQUIT: each stops the server cleanly. An ignored one (SIGINT and SIGQUIT in a background job
    /// of a script) stays ignored, as in any program.
    /// </summary>
    private static async Task UntilInterruptedAsync(CancellationToken interrupted)
    {
        using var stopped = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
        var registrations = new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }.Select(signal => PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            stopped.Cancel();
        })).ToList();
        try
        {
            await Task.Delay(Timeout.Infinite, stopped.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            registrations.ForEach(registration => registration.Dispose());
        }
    }

    /// <summary>The format of the two lines; none applies with a command, and json is not one.</summary>
    private static OutputFormat Format(string? text, bool withCommand)
    {
        if (text is null)
        {
            return OutputFormat.Env;
        }

        if (withCommand)
        {
            throw AssumeRoleException.BadInput("--format does not apply with '-- COMMAND': the command gets the endpoint in its environment");
        }

        if (text == "json")
        {
            throw AssumeRoleException.BadInput("serve prints two variables, not credentials: --format json does not apply (choose env, export, fish, powershell or cmd)");
        }

        return OutputFormats.Names.Contains(text, StringComparer.Ordinal)
            ? OutputFormats.Parse(text)
            : throw AssumeRoleException.BadInput($"invalid --format '{RoleNames.Printable(text)}': choose one of {string.Join(", ", OutputFormats.Names.Where(name => name != "json"))}");
    }

    private static int Port(string? text)
    {
        if (text is null)
        {
            return 0;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw AssumeRoleException.BadInput($"invalid --port '{RoleNames.Printable(text)}': give a TCP port, 0 to 65535 (0, or no --port, picks a free one)");
    }

    /// <summary>The command, checked before any call (127/126); its path.</summary>
    private static string CheckCommand(string command, CliContext context)
    {
        CommandRunner.CheckFound(command, context.Environment.Get("PATH"));
        return OperatingSystem.IsWindows() ? command : Core.Exec.CommandSearch.Check(command, context.Environment.Get("PATH"), new ExecutableFiles());
    }

    private static string Durations(TimeSpan span) => Core.Parameters.Durations.Describe((int)span.TotalSeconds);
}
