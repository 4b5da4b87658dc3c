using System.Globalization;
using System.Text;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// Every shell format consumed by its real shell: the shell runs the tool as the README says, and a
/// child of that shell prints the variables back (<c>env -0</c>, byte-exact). The injection corpus
/// is rejected by the tool, and rendered inert by each formatter's quoting in each shell.
/// </summary>
[Trait("Layer", "Integration")]
[Collection("moto")]
public sealed class ShellFormatSpecs(MotoFixture moto) : IAsyncLifetime, IDisposable
{
    private static readonly string[] Keys =
        ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "AWS_DEFAULT_REGION"];

    private readonly TestEnvironment env = new();

    private string Printed => Path.Combine(env.Directory, "printed");

    private string Seen => Path.Combine(env.Directory, "seen");

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        env.WithSourceKeys().With("AWS_ENDPOINT_URL_STS", moto.Server.Endpoint)
            .With("BIN", RepoPaths.Binary).With("PRINTED", Printed).With("SEEN", Seen);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => env.Dispose();

    public static TheoryData<string, string, string> ShellUsages => new()
    {
        { "bash", "export", """eval "$("$BIN" -q --format export --region eu-west-1 ec2-worker | tee "$PRINTED")"; env -0 > "$SEEN" """ },
        { "dash", "export", """eval "$("$BIN" -q --format export --region eu-west-1 ec2-worker | tee "$PRINTED")"; env -0 > "$SEEN" """ },
        { "fish", "fish", """ "$BIN" -q --format fish --region eu-west-1 ec2-worker | tee "$PRINTED" | source; env -0 > "$SEEN" """ },
        { "pwsh", "powershell", """& $Env:BIN -q --format powershell --region eu-west-1 ec2-worker | & /usr/bin/tee $Env:PRINTED | Out-String | Invoke-Expression; sh -c 'env -0 > "$SEEN"'""" },
    };

    [Theory]
    [MemberData(nameof(ShellUsages))]
    public async Task Each_shell_sets_exactly_the_printed_values_for_its_children(string shell, string format, string script)
    {
        // Act
        var result = await RunShellAsync(shell, script);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        var seen = ReadEnv0(await File.ReadAllBytesAsync(Seen));
        Assert.All(Keys, key => Assert.True(seen.ContainsKey(key), $"{shell} did not export {key}"));
        Assert.StartsWith("ASIA", seen["AWS_ACCESS_KEY_ID"], StringComparison.Ordinal);
        Assert.Equal("eu-west-1", seen["AWS_REGION"]);
        var issued = new IssuedCredentials(
            new AwsCredentials(seen["AWS_ACCESS_KEY_ID"], seen["AWS_SECRET_ACCESS_KEY"], seen["AWS_SESSION_TOKEN"], DateTimeOffset.Parse(seen["AWS_CREDENTIAL_EXPIRATION"], CultureInfo.InvariantCulture)),
            seen["AWS_REGION"]);
        Assert.Equal(OutputFormats.For(OutputFormats.Parse(format)).Format(issued), await File.ReadAllTextAsync(Printed));
    }

    [Fact]
    public async Task Export_format_in_bash_gives_the_aws_cli_the_chained_identity()
    {
        // Act
        var result = await RunShellAsync("bash", """eval "$("$BIN" -q --format export ec2-worker arn:aws:iam::987654321098:role/backup-role)"; AWS_DEFAULT_REGION=us-east-1 aws sts get-caller-identity --query Arn --output text""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto\n", result.Stdout);
    }

    public static TheoryData<string, string> Consumers => new()
    {
        { "bash", "export" }, { "dash", "export" }, { "fish", "fish" }, { "pwsh", "powershell" },
    };

    [Theory]
    [MemberData(nameof(Consumers))]
    public async Task The_injection_corpus_in_a_value_is_read_back_literally_and_runs_nothing(string shell, string format)
    {
        // Arrange: each corpus value where the secret goes, then the shell writes the variable back.
        var formatter = OutputFormats.For(OutputFormats.Parse(format));
        var script = new StringBuilder();
        foreach (var value in InjectionCorpus.Values)
        {
            script.Append(formatter.Format(new IssuedCredentials(new AwsCredentials("ASIAEXAMPLE", value, "token", null), null)));
            script.Append(shell == "pwsh"
                ? "[IO.File]::AppendAllText($Env:SEEN, $Env:AWS_SECRET_ACCESS_KEY + [char]0)\n"
                : "printf '%s\\0' \"$AWS_SECRET_ACCESS_KEY\" >> \"$SEEN\"\n");
        }

        // Act
        var result = await RunShellScriptFileAsync(shell, script.ToString());

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(File.Exists(Path.Combine(env.Directory, InjectionCorpus.Canary)), $"{shell} ran a command from a value");
        var seen = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Seen)).Split('\0')[..^1];
        Assert.Equal(InjectionCorpus.Values, seen);
    }

    [Theory]
    [MemberData(nameof(InjectionCorpus.Theory), MemberType = typeof(InjectionCorpus))]
    public async Task The_injection_corpus_in_an_echoed_option_is_bad_input_and_prints_nothing(string value)
    {
        foreach (var format in OutputFormats.Names)
        {
            // Act
            var region = await Tool.RunAsync(env, "--format", format, "--region", value, "ec2-worker");
            var session = await Tool.RunAsync(env, "--format", format, "--session-name", value, "ec2-worker");

            // Assert
            foreach (var result in new[] { region, session })
            {
                Assert.True(result.ExitCode == 2, result.ToString());
                Assert.Equal(string.Empty, result.Stdout);
                Assert.DoesNotContain('\u001b', result.Stderr);
                Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            }
        }

        Assert.Equal(0, await moto.Server.StsRequestCountAsync());
    }

    [Fact]
    public async Task On_a_terminal_the_default_format_adds_a_hint_on_stderr()
    {
        // Arrange: script(1) gives the tool a pseudo-terminal for stdout and stderr alike.
        var script = MotoServer.FindExecutable("script") ?? throw new InvalidOperationException("script(1) not found");

        // Act
        var plain = await ProcessRunner.RunAsync(script, ["-qec", "\"$BIN\" ec2-worker", "/dev/null"], env.Variables);
        var chosen = await ProcessRunner.RunAsync(script, ["-qec", "\"$BIN\" --format env ec2-worker", "/dev/null"], env.Variables);
        var piped = await Tool.RunAsync(env, "ec2-worker");

        // Assert
        const string hint = "hint: to use these in your shell, run a command with them (aws-assume-role ROLE... -- COMMAND) or eval \"$(aws-assume-role --format export ROLE...)\"";
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains(hint, plain.Stdout, StringComparison.Ordinal);
        Assert.Contains("AWS_SESSION_TOKEN=", plain.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("hint:", chosen.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("hint:", piped.Stderr, StringComparison.Ordinal);
    }

    private Task<ProcessResult> RunShellAsync(string shell, string script) => shell switch
    {
        "pwsh" => ProcessRunner.RunAsync(Shells.Pwsh, ["-NoProfile", "-NonInteractive", "-Command", script], env.Variables, workingDirectory: env.Directory),
        _ => ProcessRunner.RunAsync(ShellPath(shell), ["-c", script], env.Variables, workingDirectory: env.Directory),
    };

    private async Task<ProcessResult> RunShellScriptFileAsync(string shell, string script)
    {
        var file = Path.Combine(env.Directory, shell == "pwsh" ? "script.ps1" : "script");
        await File.WriteAllTextAsync(file, script, new UTF8Encoding(false));
        return shell == "pwsh"
            ? await ProcessRunner.RunAsync(Shells.Pwsh, ["-NoProfile", "-NonInteractive", "-File", file], env.Variables, workingDirectory: env.Directory)
            : await ProcessRunner.RunAsync(ShellPath(shell), [file], env.Variables, workingDirectory: env.Directory);
    }

    private static string ShellPath(string shell) => shell switch
    {
        "bash" => Shells.Bash,
        "dash" => Shells.Dash,
        "fish" => Shells.Fish,
        _ => throw new ArgumentOutOfRangeException(nameof(shell)),
    };

    private static Dictionary<string, string> ReadEnv0(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}
