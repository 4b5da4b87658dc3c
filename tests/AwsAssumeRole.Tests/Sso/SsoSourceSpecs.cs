using System.Text.Json.Nodes;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Sso;

/// <summary>
/// IAM Identity Center profiles as the source of a chain, against the IAM Identity Center stand-in
/// (<see cref="FakeSso"/>) and moto, with the AWS CLI's token cache in the test's HOME; the real
/// AWS CLI, pointed at the same stand-in and cache, is the oracle for the identity.
/// </summary>
[Collection("moto")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SsoSourceSpecs(MotoFixture moto) : RecordedMotoSpecs(moto), IAsyncLifetime
{
    private const string StartUrl = "https://corp.awsapps.com/start";
    private const string SsoAccount = "111122223333";
    private const string Config = $"""
        [profile dev-sso]
        sso_session = corp
        sso_account_id = {SsoAccount}
        sso_role_name = Developer

        [sso-session corp]
        sso_start_url = {StartUrl}
        sso_region = eu-west-1
        sso_registration_scopes = sso:account:access

        [profile legacy-sso]
        sso_start_url = {StartUrl}
        sso_region = eu-west-1
        sso_account_id = {SsoAccount}
        sso_role_name = ReadOnly

        [profile deploy]
        role_arn = arn:aws:iam::444455556666:role/deployer
        source_profile = dev-sso
        """;

    private FakeSso sso = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        sso = new FakeSso(Moto);
        Env.WithConfig(Config)
            .With("AWS_ENDPOINT_URL_STS", Moto.Endpoint)
            .With("AWS_ENDPOINT_URL_SSO", sso.Endpoint)
            .With("AWS_ENDPOINT_URL_SSO_OIDC", sso.Endpoint);
    }

    async Task IAsyncLifetime.DisposeAsync() => await sso.DisposeAsync();

    private string WriteSessionToken(string accessToken, DateTimeOffset expiresAt, bool refreshable = true)
    {
        var token = new JsonObject
        {
            ["startUrl"] = StartUrl,
            ["region"] = "eu-west-1",
            ["accessToken"] = accessToken,
            ["expiresAt"] = FakeSso.Time(expiresAt),
        };
        if (refreshable)
        {
            token["clientId"] = "cli-client";
            token["clientSecret"] = "cli-client-secret";
            token["registrationExpiresAt"] = FakeSso.Time(DateTimeOffset.UtcNow.AddDays(60));
            token["refreshToken"] = "cli-refresh-token";
            sso.AcceptingRefresh("cli-refresh-token", "cli-client", "cli-client-secret");
        }

        sso.Accepting(accessToken);
        return FakeSso.WriteToken(Env, "corp", token);
    }

    [Fact]
    public async Task An_sso_session_profile_is_the_same_identity_to_the_tool_and_to_the_AWS_CLI()
    {
        WriteSessionToken("valid-access-token", DateTimeOffset.UtcNow.AddHours(4));

        var ours = await Tool.RunAsync(Env, "whoami", "--profile", "dev-sso");
        var theirs = await AwsCli.RunAsync(Env, "sts", "get-caller-identity", "--profile", "dev-sso");

        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.True(theirs.ExitCode == 0, theirs.ToString());
        var ourIdentity = JsonNode.Parse(ours.Stdout)!;
        var theirIdentity = JsonNode.Parse(theirs.Stdout)!;
        Assert.Equal(SsoAccount, (string?)ourIdentity["Account"]);
        Assert.Equal($"arn:aws:sts::{SsoAccount}:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/{FakeSso.UserName}", (string?)ourIdentity["Arn"]);
        Assert.Equal((string?)theirIdentity["Arn"], (string?)ourIdentity["Arn"]);
        Assert.Equal((string?)theirIdentity["Account"], (string?)ourIdentity["Account"]);
        Assert.All(sso.CallsTo("GetRoleCredentials"), call => Assert.Equal("valid-access-token", call.Headers["x-amz-sso_bearer_token"]));
    }

    [Fact]
    public async Task A_legacy_sso_profile_is_the_same_identity_to_the_tool_and_to_the_AWS_CLI()
    {
        sso.Accepting("legacy-access-token");
        FakeSso.WriteToken(Env, StartUrl, new JsonObject
        {
            ["startUrl"] = StartUrl,
            ["region"] = "eu-west-1",
            ["accessToken"] = "legacy-access-token",
            ["expiresAt"] = FakeSso.Time(DateTimeOffset.UtcNow.AddHours(4)).Replace("Z", "UTC", StringComparison.Ordinal),
        });

        var ours = await Tool.RunAsync(Env, "whoami", "--profile", "legacy-sso");
        var theirs = await AwsCli.RunAsync(Env, "sts", "get-caller-identity", "--profile", "legacy-sso");

        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.True(theirs.ExitCode == 0, theirs.ToString());
        Assert.Equal((string?)JsonNode.Parse(theirs.Stdout)!["Arn"], (string?)JsonNode.Parse(ours.Stdout)!["Arn"]);
        Assert.EndsWith($"assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/{FakeSso.UserName}", (string?)JsonNode.Parse(ours.Stdout)!["Arn"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_SSO_source_chained_through_two_roles_lands_in_the_second_account_and_a_warm_run_calls_nobody()
    {
        WriteSessionToken("valid-access-token", DateTimeOffset.UtcNow.AddHours(4));

        var cold = await Tool.RunAsync(Env, "--profile", "deploy", "--format", "json", "ops", "arn:aws:iam::777788889999:role/backup");

        Assert.True(cold.ExitCode == 0, cold.ToString());
        Assert.Equal(["GetRoleCredentials"], sso.Operations);
        Assert.Equal(
            "INFO: Switched to role arn:aws:iam::444455556666:role/deployer\nINFO: Switched to role arn:aws:iam::444455556666:role/ops\nINFO: Switched to role arn:aws:iam::777788889999:role/backup\n",
            cold.Stderr);
        var credentials = JsonNode.Parse(cold.Stdout)!;
        var identity = await AwsCli.CallerIdentityWithAsync(Moto.Endpoint, new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = (string)credentials["AccessKeyId"]!,
            ["AWS_SECRET_ACCESS_KEY"] = (string)credentials["SecretAccessKey"]!,
            ["AWS_SESSION_TOKEN"] = (string)credentials["SessionToken"]!,
        });
        Assert.Equal("777788889999", identity.GetProperty("Account").GetString());
        Assert.Equal($"arn:aws:sts::777788889999:assumed-role/backup/{FakeSso.UserName}", identity.GetProperty("Arn").GetString());

        await Moto.ResetAsync();
        var warm = await Tool.RunAsync(Env, "--profile", "deploy", "--format", "json", "ops", "arn:aws:iam::777788889999:role/backup");

        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Equal(cold.Stdout, warm.Stdout);
        Assert.Single(sso.Operations);
        Assert.Equal(0, await Moto.StsRequestCountAsync());

        var list = await Tool.RunAsync(Env, "cache", "list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches($"\\n[0-9T:-]+Z +[0-9hm]+ +\\*\\*\\*\\*[A-Z0-9]{{4}} +- +SSO {SsoAccount}/Developer \\(sso-session 'corp'\\)\\n$", list.Stdout);
        Assert.DoesNotContain((string)credentials["SecretAccessKey"]!, list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_with_a_refresh_token_is_refreshed_and_the_CLI_cache_file_rewritten()
    {
        var path = WriteSessionToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5));

        var result = await Tool.RunAsync(Env, "whoami", "--profile", "dev-sso");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["CreateToken", "GetRoleCredentials"], sso.Operations);
        var refresh = Assert.Single(sso.CallsTo("CreateToken")).Body;
        Assert.Equal(("refresh_token", "cli-client", "cli-client-secret", "cli-refresh-token"), ((string?)refresh["grantType"], (string?)refresh["clientId"], (string?)refresh["clientSecret"], (string?)refresh["refreshToken"]));
        Assert.Equal("issued-access-token-1", Assert.Single(sso.CallsTo("GetRoleCredentials")).Headers["x-amz-sso_bearer_token"]);
        var written = FakeSso.ReadJson(path);
        Assert.Equal(
            ["startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt", "refreshToken"],
            written.Select(p => p.Key));
        Assert.Equal(("issued-access-token-1", "issued-refresh-token-1", StartUrl, "eu-west-1"), ((string?)written["accessToken"], (string?)written["refreshToken"], (string?)written["startUrl"], (string?)written["region"]));
        Assert.InRange(DateTimeOffset.Parse((string)written["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddHours(7), DateTimeOffset.UtcNow.AddHours(9));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));

        // The AWS CLI takes the rewritten file as its own.
        var theirs = await AwsCli.RunAsync(Env, "sts", "get-caller-identity", "--profile", "dev-sso");
        Assert.True(theirs.ExitCode == 0, theirs.ToString());
        Assert.Equal((string?)JsonNode.Parse(result.Stdout)!["Arn"], (string?)JsonNode.Parse(theirs.Stdout)!["Arn"]);
    }

    [Fact]
    public async Task Eight_runs_at_once_refresh_the_token_once_and_ask_IAM_Identity_Center_once()
    {
        WriteSessionToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5));

        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Tool.RunAsync(Env, "--profile", "deploy", "--format", "json")));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.ToString()));
        Assert.Single(runs.Select(run => run.Stdout).Distinct());
        Assert.Equal(["CreateToken", "GetRoleCredentials"], sso.Operations);
    }

    [Fact]
    public async Task An_expired_token_without_a_refresh_token_is_exit_2_naming_the_login_command_and_calls_nobody()
    {
        var path = WriteSessionToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5), refreshable: false);
        var before = await File.ReadAllTextAsync(path);

        var result = await Tool.RunAsync(Env, "--profile", "deploy", "ops");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Matches(
            "^aws-assume-role: error: the SSO token of sso-session 'corp' expired at [0-9T:-]+Z and cannot be refreshed: the cached token has no refresh token\n" +
            "hint: sign in again: aws sso login --profile dev-sso \\(or aws-assume-role sso login --profile dev-sso\\)\n$",
            result.Stderr);
        Assert.Empty(sso.Operations);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
        Assert.Equal(before, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Sso_login_refuses_a_profile_and_a_session_that_name_different_sign_ins()
    {
        var result = await Tool.RunAsync(Env, "sso", "login", "--profile", "legacy-sso", "--sso-session", "corp", "--no-browser");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("aws-assume-role: error: --profile legacy-sso and --sso-session corp name different sign-ins\n", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Empty(sso.Operations);
    }

    [Fact]
    public async Task No_token_at_all_is_exit_2_naming_the_login_command()
    {
        var result = await Tool.RunAsync(Env, "whoami", "--profile", "legacy-sso");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(
            $"aws-assume-role: error: no SSO token for start URL {StartUrl} in {Env.Directory}/.aws/sso/cache: not signed in\n" +
            "hint: sign in again: aws sso login --profile legacy-sso (or aws-assume-role sso login --profile legacy-sso)\n",
            result.Stderr);
        Assert.Empty(sso.Operations);
    }

    [Fact]
    public async Task A_token_IAM_Identity_Center_no_longer_accepts_is_exit_1_with_the_login_hint()
    {
        FakeSso.WriteToken(Env, "corp", new JsonObject { ["accessToken"] = "revoked-token", ["expiresAt"] = FakeSso.Time(DateTimeOffset.UtcNow.AddHours(2)) });

        var result = await Tool.RunAsync(Env, "whoami", "--profile", "dev-sso", "--debug");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("aws-assume-role: error: SSO GetRoleCredentials for account 111122223333, role Developer (profile dev-sso): UnauthorizedException: the SSO session is no longer valid (Session token not found or invalid)\nhint: sign in again: aws sso login --profile dev-sso", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked-token", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_come_from_the_profiles_services_section_too()
    {
        WriteSessionToken("valid-access-token", DateTimeOffset.UtcNow.AddHours(4));
        Env.Variables.Remove("AWS_ENDPOINT_URL_SSO");
        Env.Variables.Remove("AWS_ENDPOINT_URL_SSO_OIDC");
        Env.WithConfig(Config.Replace("sso_role_name = Developer", $"sso_role_name = Developer\nservices = local", StringComparison.Ordinal) + $"\n[services local]\nsso =\n  endpoint_url = {sso.Endpoint}\n");

        var ours = await Tool.RunAsync(Env, "whoami", "--profile", "dev-sso");
        var theirs = await AwsCli.RunAsync(Env, "sts", "get-caller-identity", "--profile", "dev-sso");

        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.True(theirs.ExitCode == 0, theirs.ToString());
        Assert.Equal((string?)JsonNode.Parse(theirs.Stdout)!["Arn"], (string?)JsonNode.Parse(ours.Stdout)!["Arn"]);
    }

    [Fact]
    public async Task No_token_reaches_stderr_even_with_debug()
    {
        WriteSessionToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-1));

        var result = await Tool.RunAsync(Env, "--profile", "deploy", "--debug", "ops");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var secret in new[] { "expired-access-token", "cli-client-secret", "cli-refresh-token", "issued-access-token-1", "issued-refresh-token-1" })
        {
            Assert.DoesNotContain(secret, result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Sso_login_runs_the_device_login_and_writes_the_token_both_tools_then_use()
    {
        sso.PendingPolls = 1;

        var login = await Tool.RunAsync(Env, "sso", "login", "--profile", "dev-sso", "--no-browser");

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Equal(string.Empty, login.Stdout);
        Assert.StartsWith("To sign in, open https://device.sso.eu-west-1.amazonaws.com/?user_code=WDKT-QLBN and check that it shows the code WDKT-QLBN; waiting for you to approve it.\nINFO: signed in to sso-session 'corp'; the token is valid until ", login.Stderr, StringComparison.Ordinal);
        Assert.Equal(["RegisterClient", "StartDeviceAuthorization", "CreateToken", "CreateToken"], sso.Operations);
        var registration = Assert.Single(sso.CallsTo("RegisterClient")).Body;
        Assert.Equal(("public", "sso:account:access"), ((string?)registration["clientType"], (string?)registration["scopes"]![0]));
        Assert.Equal(StartUrl, (string?)Assert.Single(sso.CallsTo("StartDeviceAuthorization")).Body["startUrl"]);
        var path = Directory.GetFiles(Path.Combine(Env.Directory, ".aws", "sso", "cache")).Single();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var written = FakeSso.ReadJson(path);
        Assert.Equal(["startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt", "refreshToken"], written.Select(p => p.Key));
        Assert.Equal(("issued-access-token-1", "registered-client-1"), ((string?)written["accessToken"], (string?)written["clientId"]));
        foreach (var secret in new[] { "issued-access-token-1", "issued-refresh-token-1", "registered-secret-1", "device-code-" })
        {
            Assert.DoesNotContain(secret, login.Stderr, StringComparison.Ordinal);
        }

        var ours = await Tool.RunAsync(Env, "whoami", "--profile", "dev-sso");
        var theirs = await AwsCli.RunAsync(Env, "sts", "get-caller-identity", "--profile", "dev-sso");
        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.True(theirs.ExitCode == 0, theirs.ToString());
        Assert.Equal((string?)JsonNode.Parse(theirs.Stdout)!["Arn"], (string?)JsonNode.Parse(ours.Stdout)!["Arn"]);
    }

    [Fact]
    public async Task Sso_login_of_a_legacy_profile_writes_the_token_under_its_start_URL_without_a_refresh_token()
    {
        var login = await Tool.RunAsync(Env, "sso", "login", "--profile", "legacy-sso", "--no-browser", "--quiet");
        var theirs = await AwsCli.RunAsync(Env, "sts", "get-caller-identity", "--profile", "legacy-sso");

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Null(Assert.Single(sso.CallsTo("RegisterClient")).Body["scopes"]);
        var written = FakeSso.ReadJson(Directory.GetFiles(Path.Combine(Env.Directory, ".aws", "sso", "cache")).Single());
        Assert.Equal(["startUrl", "region", "accessToken", "expiresAt"], written.Select(p => p.Key));
        Assert.True(theirs.ExitCode == 0, theirs.ToString());
        Assert.EndsWith($"assumed-role/AWSReservedSSO_ReadOnly_0123456789abcdef/{FakeSso.UserName}", (string?)JsonNode.Parse(theirs.Stdout)!["Arn"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sso_login_of_a_profile_without_a_sign_in_is_exit_2()
    {
        Env.WithConfig(Config + "\n[profile plain]\nregion = eu-west-1\n");

        var result = await Tool.RunAsync(Env, "sso", "login", "--profile", "plain");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"aws-assume-role: error: profile 'plain' in {Env.ConfigFile}: it has no sso_start_url and sso_region (nor sso_session naming an [sso-session] section that has them)\n", result.Stderr);
        Assert.Empty(sso.Operations);
    }
}
