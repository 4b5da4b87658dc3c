using System.CommandLine;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sso;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role sso login --profile NAME | --sso-session NAME [--no-browser]</c>: the device
/// login (<see cref="SsoLogin"/>), showing the page to open and the code to check on stderr and
/// opening the page in the browser, then writing the AWS CLI's token cache file.
/// </summary>
internal static class SsoLoginCommand
{
    public static Command Create(CommandLine cli, CliContext context)
    {
        var login = new Command("login", "Sign in to IAM Identity Center with the device login, as 'aws sso login' does, and write the token where the AWS CLI keeps it.");
        var session = new Option<string>("--sso-session") { Description = "Sign in to this [sso-session NAME] of the config file (instead of the profile's).", HelpName = "NAME" };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Do not open the browser: only show the page to open and the code." };
        login.Options.Add(session);
        login.Options.Add(noBrowser);
        foreach (var shared in (Option[])[cli.Profile, cli.Timeout, cli.AllowHttp])
        {
            login.Options.Add(shared);
        }

        login.SetAction((parsed, cancellationToken) => RunAsync(cli, context, parsed, session, noBrowser, cancellationToken));
        return login;
    }

    private static async Task<int> RunAsync(CommandLine cli, CliContext context, ParseResult parsed, Option<string> sessionOption, Option<bool> noBrowserOption, CancellationToken cancellationToken)
    {
        if (context.Command is not null)
        {
            throw AssumeRoleException.BadInput("'sso login' runs no command after '--'");
        }

        var environment = context.Environment;
        var store = new ProfileStore(ProfileFiles.FromEnvironment(environment));
        var profileName = parsed.GetValue(cli.Profile) ?? environment.Get(EnvironmentVariables.Profile);
        var profile = profileName is null ? null : store.Find(profileName);
        SsoSession session;
        if (parsed.GetValue(sessionOption) is { } sessionName)
        {
            session = SsoProfiles.NamedSession(sessionName, store);
            if (parsed.GetValue(cli.Profile) is { } given && profile is not null && SignsInElsewhere(profile, store, session))
            {
                throw AssumeRoleException.BadInput(
                    $"--profile {RoleNames.Printable(given)} and --sso-session {RoleNames.Printable(sessionName)} name different sign-ins",
                    "give one of them (--profile for the profile's own sign-in, --sso-session for a session of the config file)");
            }
        }
        else
        {
            var name = profileName ?? "default";
            profile ??= store.Find(name) ?? throw AssumeRoleException.BadInput($"profile '{RoleNames.Printable(name)}' not found in {store.Files.Describe()}", "give --profile NAME of a profile with sso_session or sso_start_url, or --sso-session NAME");
            session = SsoProfiles.SessionOf(profile, store);
        }

        var oidc = SsoEndpoint.Resolve(SsoEndpoint.Oidc, session.Region, environment, profile, ServicesSection.For(profile, store));
        if (oidc.CheckPlainHttp(parsed.GetValue(cli.AllowHttp)) is { } warning)
        {
            context.Log.Warning(warning);
        }

        var noBrowser = parsed.GetValue(noBrowserOption);
        var options = StsTransportOptions.Resolve(parsed.GetValue(cli.Timeout), environment, profile?.Get("ca_bundle")) with { Proxy = NetworkWiring.Proxy(environment, context.Log) };
        using var transport = new StsTransport(options, TimeProvider.System);
        var service = new SdkSsoService(oidc, oidc, transport, context.Log);
        var cache = new SsoTokenCache(environment);
        var login = new SsoLogin(service, cache, TimeProvider.System, (delay, token) => Task.Delay(delay, token), context.Log);
        var token = await login.RunAsync(session, authorization => ShowAsync(context, authorization, noBrowser, cancellationToken), cancellationToken).ConfigureAwait(false);
        context.Log.Info($"signed in to {session.Describe()}; the token is valid until {Iso8601.Format(token.ExpiresAt)} ({cache.PathOf(session)})");
        return ExitCodes.Success;
    }

    // The page and the code are no secrets (approving needs the person's own sign-in); the device code is, and is never shown.
    private static async Task ShowAsync(CliContext context, SsoDeviceAuthorization authorization, bool noBrowser, CancellationToken cancellationToken)
    {
        var page = PrintableText.Escape(authorization.VerificationUriComplete ?? authorization.VerificationUri);
        context.Log.Write($"To sign in, open {page} and check that it shows the code {PrintableText.Escape(authorization.UserCode)}; waiting for you to approve it.");
        if (noBrowser || authorization.VerificationUriComplete is not { } complete || !Uri.TryCreate(complete, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            return;
        }

        try
        {
            var browser = ConsoleBrowser.Find(context.Environment);
            _ = await browser.OpenAsync(url.AbsoluteUri, cancellationToken).ConfigureAwait(false);
        }
        catch (AssumeRoleException e)
        {
            context.Log.Info($"no browser opened ({e.Message}): open the page yourself, on any device");
        }
    }

    // True when the profile signs in to IAM Identity Center itself, and not with this session.
    private static bool SignsInElsewhere(ConfigProfile profile, ProfileStore store, SsoSession session)
    {
        try
        {
            return SsoProfiles.SessionOf(profile, store) is { } own && (own.SessionName != session.SessionName || own.StartUrl != session.StartUrl);
        }
        catch (AssumeRoleException)
        {
            // Not an SSO profile: it only lends its endpoint settings.
            return false;
        }
    }
}
