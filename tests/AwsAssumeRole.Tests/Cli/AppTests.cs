using System.Text.RegularExpressions;
using AwsAssumeRole.Cli;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// The command line in process (the fast layer): parse errors, bad input, exit codes, formats and
/// help, through the real entry point with in-memory streams and a scripted STS. Everything here
/// also holds for the binary; the integration specs check that end to end.
/// </summary>
public sealed partial class AppTests : IDisposable
{
    private const string Backup = "arn:aws:iam::987654321098:role/backup-role";
    // Keys in a profile: the source is read from the file, with no SDK call and no network.
    private readonly TestEnvironment env = new TestEnvironment()
        .WithConfig($"[default]\n{TestEnvironment.ProfileKeys}\n")
        .With("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9");
    private readonly ScriptedSts sts = new();

    public void Dispose() => env.Dispose();

    [Theory]
    [InlineData("no ROLE given")]
    [InlineData("invalid role ARN", "arn:aws:iam::12345:role/x")]
    [InlineData("invalid role ARN", "arn:aws:s3:::bucket")]
    [InlineData("invalid role ARN", "arn:aws:iam::123456789012:user/u")]
    [InlineData("invalid role ARN", "arn:aws:iam::123456789012:role/")]
    [InlineData("invalid role name", "a-role-name-that-is-sixty-five-characters-long-which-iam-rejects-x")]
    [InlineData("invalid role name", "ec2\u001b[31mworker")]
    [InlineData("invalid role ARN", "ec2-worker", "arn:aws:iam::123456789012:role/ok\nAWS_SECRET=x")]
    [InlineData("invalid --format", "--format", "yaml", "ec2-worker")]
    [InlineData("invalid --duration", "--duration", "899", "ec2-worker")]
    [InlineData("invalid --duration", "--duration", "43201", "ec2-worker")]
    [InlineData("invalid --duration", "--duration", "abc", "ec2-worker")]
    [InlineData("invalid --duration", "--duration", "-1", "ec2-worker")]
    [InlineData("invalid --session-name", "--session-name", "a", "ec2-worker")]
    [InlineData("invalid --session-name", "--session-name", "bob smith", "ec2-worker")]
    [InlineData("invalid --external-id", "--external-id", "x", "ec2-worker")]
    [InlineData("invalid --external-id", "--external-id", "$(touch canary)", "ec2-worker")]
    [InlineData("invalid region", "--region", "eu west 1", "ec2-worker")]
    [InlineData("invalid endpoint URL", "--endpoint-url", "ftp://127.0.0.1", "ec2-worker")]
    [InlineData("unknown option", "--no-such-option", "ec2-worker")]
    [InlineData("--region needs a value: write --region REGION", "ec2-worker", "--region")]
    [InlineData("--no-cache and --refresh contradict each other", "--no-cache", "--refresh", "ec2-worker")]
    [InlineData("invalid --min-remaining", "--min-remaining", "soon", "ec2-worker")]
    [InlineData("invalid --mfa-code", "--mfa-serial", "arn:aws:iam::123456789012:mfa/alice", "--mfa-code", "12345", "ec2-worker")]
    [InlineData("invalid --tag", "--tag", "novalue", "ec2-worker")]
    [InlineData("nothing after '--'", "ec2-worker", "--")]
    [InlineData("--format does not apply with '-- COMMAND'", "--format", "json", "ec2-worker", "--", "true")]
    [InlineData("whoami does not run a command", "whoami", "--", "true")]
    [InlineData("no ROLE given", "serve")]
    [InlineData("'serve' comes first", "ec2-worker", "serve")]
    [InlineData("serve prints two variables, not credentials: --format json does not apply", "serve", "--format", "json", "ec2-worker")]
    [InlineData("--format does not apply with '-- COMMAND'", "serve", "--format", "export", "ec2-worker", "--", "true")]
    [InlineData("nothing after '--'", "serve", "ec2-worker", "--")]
    [InlineData("--min-remaining 15m is not shorter than the session of the last hop, 15m", "serve", "--duration", "900", "--min-remaining", "15m", "ec2-worker")]
    [InlineData("--min-remaining 15m is not shorter than the session of the last hop, 15m", "serve", "--no-cache", "--duration", "900", "--min-remaining", "15m", "ec2-worker")]
    [InlineData("--min-remaining 0m is too short for serve", "serve", "--min-remaining", "0", "ec2-worker")]
    [InlineData("--min-remaining 1h is not shorter than the session of the last hop, 1h", "serve", "--min-remaining", "1h", "ec2-worker", Backup)]
    [InlineData("invalid --port '65536'", "serve", "--port", "65536", "ec2-worker")]
    [InlineData("invalid --port '-1'", "serve", "--port=-1", "ec2-worker")]
    [InlineData("console does not run a command", "console", "ec2-worker", "--", "true")]
    [InlineData("--format does not apply to 'console'", "console", "--format", "json", "--print", "ec2-worker")]
    [InlineData("invalid --console-duration", "console", "--print", "--console-duration", "13h", "ec2-worker")]
    [InlineData("invalid --destination", "console", "--print", "--destination", "ftp://console.aws.amazon.com", "ec2-worker")]
    [InlineData("--console-duration cannot be used here: the chain has 2 hops", "console", "--print", "--console-duration", "1h", "ec2-worker", Backup)]
    [InlineData("console needs temporary credentials", "console", "--print")]
    [InlineData("the credentials at the end of the chain are in the partition aws-iso", "console", "--print", "arn:aws-iso:iam::123456789012:role/x")]
    [InlineData("'sso' needs a command", "sso")]
    [InlineData("unknown sso command 'logout'", "sso", "logout")]
    [InlineData("no [sso-session corp] section", "sso", "login", "--sso-session", "corp")]
    [InlineData("profile 'default' in", "sso", "login")]
    public async Task Bad_input_exits_2_with_one_line_an_empty_stdout_and_no_STS_call(string expectedMessage, params string[] arguments)
    {
        // Act
        var result = await InProcessTool.RunAsync(env.Variables, sts, arguments);

        // Assert
        result.AssertBadInput(expectedMessage);
        Assert.Equal(0, sts.Calls);
    }

    [Theory]
    [InlineData("aws-assume-role: error: unknown cache command 'bogus': choose 'cache list' or 'cache clear'", "cache", "bogus")]
    [InlineData("aws-assume-role: error: 'cache' needs a command: 'cache list' or 'cache clear'", "cache")]
    [InlineData("aws-assume-role: error: --profile= has no value: write --profile VALUE (see aws-assume-role --help)", "--profile=", "ec2-worker")]
    [InlineData("aws-assume-role: error: whoami prints the GetCallerIdentity JSON document: --format export does not apply (leave --format out, or give --format json)", "whoami", "--format", "export")]
    [InlineData("aws-assume-role: error: 'whoami' comes first: aws-assume-role whoami ec2-worker ... (a role named whoami is given by its ARN)", "ec2-worker", "whoami")]
    [InlineData("aws-assume-role: error: unknown option '--bogus' (see aws-assume-role cache list --help)", "cache", "list", "--bogus")]
    [InlineData("aws-assume-role: error: unknown option '--bogus' (see aws-assume-role whoami --help)", "whoami", "--bogus")]
    [InlineData("aws-assume-role: error: unexpected argument 'ec2-worker' (see aws-assume-role --help)", "help", "ec2-worker")]
    [InlineData("aws-assume-role: error: --format does not apply to 'cache list' (see aws-assume-role cache list --help)", "cache", "list", "--format", "json")]
    [InlineData("aws-assume-role: error: --duration does not apply to 'cache clear' (see aws-assume-role cache clear --help)", "cache", "clear", "--duration", "1h")]
    [InlineData("aws-assume-role: error: unexpected argument '--profile': 'completion' takes one shell", "completion", "bash", "--profile", "x")]
    [InlineData("aws-assume-role: error: --profile does not apply to 'cache list' (see aws-assume-role cache list --help)", "cache", "list", "--profile", "x")]
    [InlineData("aws-assume-role: error: --format does not apply to 'sso login' (see aws-assume-role sso login --help)", "sso", "login", "--format", "json")]
    [InlineData("aws-assume-role: error: --format needs a value: write --format FORMAT (see aws-assume-role --help)", "ec2-worker", "--format")]
    public async Task Rough_edges_of_the_command_line_exit_2_with_their_exact_line(string expectedLine, params string[] arguments)
    {
        // Act
        var result = await InProcessTool.RunAsync(env.Variables, sts, arguments);

        // Assert
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(expectedLine, result.Stderr.Split('\n')[0]);
        Assert.Equal(0, sts.Calls);
    }

    [Theory]
    [InlineData("env", "AWS_ACCESS_KEY_ID=ASIAHOP2EXAMPLE\nAWS_SECRET_ACCESS_KEY=secret2/abc+def=\nAWS_SESSION_TOKEN=token2/xyz+uvw==\nAWS_CREDENTIAL_EXPIRATION=2030-01-02T03:04:05Z\nAWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n")]
    [InlineData("export", "export AWS_ACCESS_KEY_ID='ASIAHOP2EXAMPLE'\nexport AWS_SECRET_ACCESS_KEY='secret2/abc+def='\nexport AWS_SESSION_TOKEN='token2/xyz+uvw=='\nexport AWS_CREDENTIAL_EXPIRATION='2030-01-02T03:04:05Z'\nexport AWS_REGION='eu-west-1'\nexport AWS_DEFAULT_REGION='eu-west-1'\n")]
    [InlineData("json", "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAHOP2EXAMPLE\",\n  \"SecretAccessKey\": \"secret2/abc+def=\",\n  \"SessionToken\": \"token2/xyz+uvw==\",\n  \"Expiration\": \"2030-01-02T03:04:05Z\"\n}\n")]
    public async Task Each_format_prints_exactly_the_credentials_of_the_last_hop(string format, string expected)
    {
        // Act
        var result = await InProcessTool.RunAsync(env.Variables, sts, "--profile", "default", "--no-cache", "--region", "eu-west-1", "--format", format, "ec2-worker", Backup);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, result.Stdout);
        Assert.Equal(
            "INFO: Switched to role arn:aws:iam::123456789012:role/ec2-worker\nINFO: Switched to role arn:aws:iam::987654321098:role/backup-role\n",
            result.Stderr);
        Assert.Equal(3, sts.Calls);
    }

    [Fact]
    public async Task A_refusal_by_STS_exits_1_naming_the_hop_with_a_hint_and_an_empty_stdout()
    {
        // Arrange
        var refusing = new ScriptedSts { Failure = new StsException("AccessDenied", "not authorized", unreachable: false) };

        // Act
        var result = await InProcessTool.RunAsync(env.Variables, refusing, "--profile", "default", "--no-cache", "--session-name", "alice", Backup);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(
            "aws-assume-role: error: hop 1 of 1, arn:aws:iam::987654321098:role/backup-role: AccessDenied: not authorized\n" +
            "hint: check that the trust policy of arn:aws:iam::987654321098:role/backup-role allows the caller to call sts:AssumeRole (and that the caller's own policies allow it)\n",
            result.Stderr);
    }

    [Theory]
    [InlineData("help", "--help")]
    [InlineData("version", "--version")]
    public async Task Help_and_version_are_verbs_that_print_what_the_options_print(string verb, string option)
    {
        // Act
        var asVerb = await InProcessTool.RunAsync(env.Variables, sts, verb);
        var asOption = await InProcessTool.RunAsync(env.Variables, sts, option);

        // Assert
        Assert.True(asVerb.ExitCode == 0, asVerb.ToString());
        Assert.NotEqual(string.Empty, asVerb.Stdout);
        Assert.Equal(asOption.Stdout, asVerb.Stdout);
        Assert.Equal(string.Empty, asVerb.Stderr);
        Assert.Equal(0, sts.Calls);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("whoami", "--help")]
    [InlineData("cache", "--help")]
    public async Task Help_names_the_ROLE_argument_and_never_lists_configured_or_cached_roles(params string[] arguments)
    {
        // Arrange: a role the completion candidates would offer
        env.WithConfig($"[default]\n{TestEnvironment.ProfileKeys}\n[profile deploy]\nrole_arn = arn:aws:iam::444455556666:role/deployer\nsource_profile = default\n");

        // Act
        var result = await InProcessTool.RunAsync(env.Variables, sts, arguments);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("444455556666", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("deployer", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AWS_USE_FIPS_ENDPOINT", "WARNING: AWS_USE_FIPS_ENDPOINT is not supported: STS calls go to https://sts.eu-west-1.amazonaws.com; for a FIPS endpoint give it with --endpoint-url (such as https://sts-fips.us-east-1.amazonaws.com)")]
    [InlineData("AWS_USE_DUALSTACK_ENDPOINT", "WARNING: AWS_USE_DUALSTACK_ENDPOINT is not supported: STS calls go to https://sts.eu-west-1.amazonaws.com; for a dual-stack endpoint give it with --endpoint-url (such as https://sts.us-east-1.api.aws)")]
    public async Task Endpoint_settings_the_tool_does_not_take_are_said_to_be_ignored(string variable, string warning)
    {
        // Arrange: no endpoint configured, so the setting would have chosen the host
        env.Variables.Remove("AWS_ENDPOINT_URL_STS");
        env.With(variable, "true");

        // Act
        var result = await InProcessTool.RunAsync(env.Variables, sts, "--profile", "default", "--no-cache", "--region", "eu-west-1", "-q", Backup);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(warning + "\n", result.Stderr);
    }

    [Theory]
    [InlineData("whoami", "aws-assume-role whoami [<ROLE>...] [options]", true, true)]
    [InlineData("serve", "aws-assume-role serve [<ROLE>...] [options] [-- COMMAND [ARG...]]", true, true)]
    [InlineData("console", "aws-assume-role console [<ROLE>...] [options]", true, false)]
    [InlineData("cache", "aws-assume-role cache [command] [options]", false, false)]
    [InlineData("cache list", "aws-assume-role cache list [options]", false, false)]
    [InlineData("sso login", "aws-assume-role sso login [options]", false, false)]
    [InlineData("completion", "aws-assume-role completion [<SHELL>...] [options]", false, false)]
    public async Task A_verbs_help_shows_its_own_usage_and_only_the_options_it_takes(string verb, string usage, bool runsAChain, bool printsAFormat)
    {
        // Act
        var result = await InProcessTool.RunAsync(env.Variables, sts, [.. verb.Split(' '), "--help"]);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n');
        // In this process the root command is named after the test host, not aws-assume-role.
        var name = new CommandLine(new CliContext(new EmptyEnvironment(), Stream.Null, TextWriter.Null, false, [], null)).Root.Name;
        Assert.Equal("  " + usage.Replace("aws-assume-role", name, StringComparison.Ordinal), lines[Array.IndexOf(lines, "Usage:") + 1]);
        Assert.Equal(runsAChain ? 1 : 0, lines.Count(line => line.StartsWith("  <ROLE>", StringComparison.Ordinal)));
        Assert.Equal(runsAChain, result.Stdout.Contains("--min-remaining", StringComparison.Ordinal));
        Assert.Equal(printsAFormat, result.Stdout.Contains("--format", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serves_bad_format_lists_only_the_formats_serve_prints()
    {
        var result = await InProcessTool.RunAsync(env.Variables, sts, ["serve", "--format", "bogus", "ec2-worker"]);

        result.AssertBadInput("invalid --format 'bogus'");
        Assert.Equal("aws-assume-role: error: invalid --format 'bogus': choose one of env, export, fish, powershell, cmd\n", result.Stderr);
    }

    [Theory]
    [InlineData("serve", "--format <FORMAT>", "Format of the two lines printed without -- COMMAND: env, export, fish, powershell, cmd (default env).")]
    [InlineData("serve", "--min-remaining <DURATION>", "Renew the credentials when fewer than this remain: 10s or more, shorter than the session (default 20m, or a third of a shorter session).")]
    [InlineData("serve", "-q, --quiet", "Do not print the INFO lines (where it serves, each renewal); warnings stay.")]
    [InlineData("whoami", "--format <FORMAT>", "Output format: json only, the GetCallerIdentity document (the default).")]
    [InlineData("", "--format <FORMAT>", "Output format: env, export, fish, powershell, cmd, json (default env).")]
    [InlineData("", "--min-remaining <DURATION>", "Use cached credentials only while more than this is left before they expire: seconds or 10m, 1h (default 15m).")]
    public async Task A_shared_option_is_described_by_what_it_means_to_the_verb(string verb, string option, string description)
    {
        // Act
        var result = await InProcessTool.RunAsync(env.Variables, sts, [.. verb.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($"\n  {System.Text.RegularExpressions.Regex.Escape(option)} +{System.Text.RegularExpressions.Regex.Escape(description)}\n", result.Stdout);
    }

    /// <summary>The README is the user's manual: its options table and --help name the same options.</summary>
    [Fact]
    public void The_README_options_table_and_help_name_the_same_options()
    {
        // Arrange
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var table = readme[readme.IndexOf("\n## Options", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var documented = table.Split('\n')
            .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(line => OptionName().Matches(line.Split('|')[1]).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        // Act
        var cli = new CommandLine(new CliContext(new EmptyEnvironment(), Stream.Null, TextWriter.Null, false, [], null));
        var offered = cli.Root.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Append(o.Name))
            .Where(name => OptionName().IsMatch(name)).ToHashSet(StringComparer.Ordinal);

        // Assert
        Assert.Equal(offered.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The fast layer must stay fast and self-contained: every class here that runs the binary (the
    /// specs, named *Specs) carries Layer=Integration, so scripts/test --fast leaves it out.
    /// </summary>
    [Fact]
    public void Every_spec_class_is_marked_as_integration()
    {
        // Arrange
        var specs = typeof(AppTests).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.Name.EndsWith("Specs", StringComparison.Ordinal));

        // Act
        var unmarked = specs.Where(t => !IsIntegration(t)).Select(t => t.Name).ToList();

        // Assert
        Assert.NotEmpty(specs);
        Assert.Empty(unmarked);
    }

    private static bool IsIntegration(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttributesData().Any(a => a.AttributeType == typeof(TraitAttribute)
                && a.ConstructorArguments is [{ Value: "Layer" }, { Value: "Integration" }]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>serve's own options are in its page's table, and everything there is an option serve takes.</summary>
    [Fact]
    public void The_serve_page_table_and_serve_help_name_the_same_options()
    {
        // Arrange
        var section = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "serve.md"));
        var documented = section.Split('\n')
            .Where(line => line.StartsWith("| `--", StringComparison.Ordinal))
            .SelectMany(line => OptionName().Matches(line.Split('|')[1]).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        // Act
        var cli = new CommandLine(new CliContext(new EmptyEnvironment(), Stream.Null, TextWriter.Null, false, [], null));
        var serve = cli.Root.Subcommands.Single(c => c.Name == "serve");
        var own = serve.Options.Where(o => !o.Hidden && o.Name != "--help" && !cli.ChainOptions.Contains(o)).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var taken = own.Concat(serve.Options.Where(o => cli.ChainOptions.Contains(o)).Select(o => o.Name)).ToHashSet(StringComparer.Ordinal);

        // Assert
        Assert.Subset(documented, own);
        Assert.Subset(taken, documented);
        Assert.Contains("--min-remaining", documented);
    }

    [GeneratedRegex(@"(?<![\w-])--?[a-z][a-z-]*")]
    private static partial Regex OptionName();

    private sealed class EmptyEnvironment : Core.Platform.IProcessEnvironment
    {
        public string? Get(string name) => null;

        public IReadOnlyDictionary<string, string> All() => new Dictionary<string, string>();

        public void Set(string name, string value)
        {
        }
    }
}
