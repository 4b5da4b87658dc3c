using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Completion;

/// <summary>
/// The completion scripts in real shells, driven as each shell drives them (bash: a complete -F
/// function with COMP_* and, in a terminal, Tab; fish: complete -C; zsh: Tab in a terminal; pwsh:
/// TabExpansion2). Roles come from role_arn keys and from a cache filled by a real chain against moto.
/// </summary>
[Collection("moto")]
public sealed class ShellCompletionSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";
    private static readonly string[] Formats = ["cmd", "env", "export", "fish", "json", "powershell"];
    private int stsCallsBefore;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Env.WithConfig("""
            [profile ops]
            role_arn = arn:aws:iam::123456789012:role/ec2-admin
            source_profile = base

            [profile deploy]
            role_arn = arn:aws:iam::444455556666:role/team/app/deployer
            source_profile = base
            """);
        Env.WithCredentialsFile("[base]\n" + TestEnvironment.ProfileKeys + "\n");

        // The cache then holds ec2-worker, and ec2-worker > backup-role.
        var chain = await Tool.RunAsync(Env, "ec2-worker", BackupRole);
        Assert.True(chain.ExitCode == 0, chain.ToString());
        stsCallsBefore = await Moto.StsRequestCountAsync();
    }

    public static TheoryData<bool> WithAndWithoutBashCompletion() => new() { true, false };

    [Theory]
    [MemberData(nameof(WithAndWithoutBashCompletion))]
    public async Task Bash_offers_options_formats_profiles_and_roles_from_config_and_cache(bool withBashCompletion)
    {
        using var shells = new CompletionShells(Env);

        var options = await shells.BashAsync("aws-assume-role --f", withBashCompletion);
        var formats = await shells.BashAsync("aws-assume-role --format ", withBashCompletion);
        var profiles = await shells.BashAsync("aws-assume-role --profile ", withBashCompletion);
        var profileEquals = await shells.BashAsync("aws-assume-role --profile=d", withBashCompletion);
        var roles = await shells.BashAsync("aws-assume-role ec2-", withBashCompletion);
        var arns = await shells.BashAsync("aws-assume-role whoami arn:aws:iam::9", withBashCompletion);
        var child = await shells.BashAsync("aws-assume-role ec2-worker -- childcmd a", withBashCompletion);

        Assert.Equal(["--format"], options.Words);
        Assert.Equal(Formats, formats.Words);
        Assert.Equal(["base", "deploy", "ops"], profiles.Words);
        Assert.Equal(["deploy"], profileEquals.Words); // readline replaces what follows the '='
        Assert.Equal(["ec2-admin", "ec2-worker"], roles.Words);
        Assert.Equal(["987654321098:role/backup-role"], arns.Words); // ... and what follows the last ':'
        Assert.Equal(["alpha"], child.Words);
        Assert.All([options, formats, profiles, profileEquals, roles, arns, child], c => Assert.Equal(string.Empty, c.Stderr));
        Assert.Equal(stsCallsBefore, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Bash_at_a_real_prompt_completes_a_role_arn_across_its_colons()
    {
        using var shells = new CompletionShells(Env);

        var screen = await shells.BashInTerminalAsync(
            "aws-assume-role whoami arn:aws:iam::9",
            s => s.Contains("aws-assume-role whoami " + BackupRole, StringComparison.Ordinal),
            "the completed ARN");

        Assert.DoesNotContain("error", screen, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Fish_offers_options_formats_profiles_and_roles_from_config_and_cache()
    {
        using var shells = new CompletionShells(Env);

        var options = await shells.FishAsync("aws-assume-role --f");
        var formats = await shells.FishAsync("aws-assume-role --format ");
        var profiles = await shells.FishAsync("aws-assume-role --profile ");
        var profileEquals = await shells.FishAsync("aws-assume-role --profile=d");
        var roles = await shells.FishAsync("aws-assume-role ec2-");
        var arns = await shells.FishAsync("aws-assume-role whoami arn:aws:iam::9");
        var child = await shells.FishAsync("aws-assume-role ec2-worker -- childcmd a");

        Assert.Equal(["--format"], options.Words);
        Assert.Equal(Formats, formats.Words);
        Assert.Equal(["base", "deploy", "ops"], profiles.Words);
        Assert.Equal(["--profile=deploy"], profileEquals.Words);
        Assert.Equal(["ec2-admin", "ec2-worker"], roles.Words);
        Assert.Equal([BackupRole], arns.Words);
        Assert.Equal(["alpha"], child.Words);
        Assert.All([options, formats, profiles, profileEquals, roles, arns, child], c => Assert.Equal(string.Empty, c.Stderr));
        Assert.Equal(stsCallsBefore, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Pwsh_offers_options_formats_profiles_and_roles_from_config_and_cache()
    {
        using var shells = new CompletionShells(Env);

        var results = await shells.PwshAsync(
            "aws-assume-role --f",
            "aws-assume-role --format ",
            "aws-assume-role --profile ",
            "aws-assume-role --profile=d",
            "aws-assume-role ec2-",
            "aws-assume-role whoami arn:aws:iam::9",
            "aws-assume-role ec2-worker -- childcmd a");

        Assert.Equal(["--format"], results[0].Words);
        Assert.Equal(Formats, results[1].Words);
        Assert.Equal(["base", "deploy", "ops"], results[2].Words);
        Assert.Equal(["--profile=deploy"], results[3].Words);
        Assert.Equal(["ec2-admin", "ec2-worker"], results[4].Words);
        Assert.Equal([BackupRole], results[5].Words);
        Assert.Equal(["alpha"], results[6].Words);
        Assert.Equal(string.Empty, results[0].Stderr);
        Assert.Equal(stsCallsBefore, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Zsh_at_a_real_prompt_lists_formats()
    {
        using var shells = new CompletionShells(Env);

        var screen = await shells.ZshAsync("aws-assume-role --format ", s => Formats.All(f => s.Contains(f, StringComparison.Ordinal)) && s.Contains("powershell", StringComparison.Ordinal), "the six formats");

        Assert.DoesNotContain("error", screen, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("aws-assume-role --profile ", "base")]
    [InlineData("aws-assume-role ec2-", "ec2-admin")]
    public async Task Zsh_at_a_real_prompt_lists_profiles_and_roles_from_config_and_cache(string line, string expected)
    {
        using var shells = new CompletionShells(Env);
        string[] all = expected == "base" ? ["base", "deploy", "ops"] : ["ec2-admin", "ec2-worker"];

        var screen = await shells.ZshAsync(line, s => all.All(word => Listed(s, word)), string.Join(", ", all));

        Assert.DoesNotContain("error", screen, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(stsCallsBefore, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Zsh_at_a_real_prompt_completes_a_role_arn_from_the_cache()
    {
        using var shells = new CompletionShells(Env);

        await shells.ZshAsync("aws-assume-role whoami arn:aws:iam::9", s => s.Contains("aws-assume-role whoami " + BackupRole, StringComparison.Ordinal), "the completed ARN");
    }

    [Fact]
    public async Task Zsh_after_double_dash_uses_the_commands_own_completion()
    {
        using var shells = new CompletionShells(Env);

        await shells.ZshAsync("aws-assume-role ec2-worker -- childcmd a", s => s.Contains("-- childcmd alpha", StringComparison.Ordinal), "childcmd's alpha");
    }

    [Fact]
    public async Task A_broken_config_offers_nothing_and_says_nothing_in_any_shell()
    {
        // Arrange: neither file is INI.
        Env.WithConfig("[profile ops\nrole_arn = arn:aws:iam::123456789012:role/ec2-admin\nthis is not ini\n");
        Env.WithCredentialsFile("garbage without a section\n");
        Env.With("AWS_ASSUME_ROLE_CACHE_DIR", Path.Combine(Env.Directory, "empty-cache"));
        using var shells = new CompletionShells(Env);

        // Act
        var bash = await shells.BashAsync("aws-assume-role --profile ", withBashCompletion: true);
        var bashRoles = await shells.BashAsync("aws-assume-role ec2-", withBashCompletion: false);
        var fish = await shells.FishAsync("aws-assume-role --profile ");
        var fishRoles = await shells.FishAsync("aws-assume-role ec2-");
        // PowerShell offers file names when a native command's completer offers nothing: an empty folder has none.
        var pwsh = await shells.PwshInAsync(Directory.CreateDirectory(Path.Combine(Env.Directory, "empty")).FullName, "aws-assume-role --profile ", "aws-assume-role ec2-");
        var zsh = await shells.ZshAsync("aws-assume-role --profile ", s => s.Contains("--profile X", StringComparison.Ordinal), "the X typed after Tab", after: "X");

        // Assert
        Assert.All([bash, bashRoles, fish, fishRoles, .. pwsh], c =>
        {
            Assert.Empty(c.Words);
            Assert.Equal(string.Empty, c.Stderr);
        });
        var afterPrompt = zsh[zsh.LastIndexOf("--profile X", StringComparison.Ordinal)..];
        Assert.Equal("--profile X", afterPrompt.Trim());
        Assert.Equal(stsCallsBefore, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Policy_completes_file_names_in_every_shell()
    {
        // Arrange
        var policy = Path.Combine(Env.Directory, "read-only-policy.json");
        await File.WriteAllTextAsync(policy, "{}");
        var typed = Path.Combine(Env.Directory, "read-only-p");
        using var shells = new CompletionShells(Env);

        // Act
        var fish = await shells.FishAsync("aws-assume-role --policy " + typed);
        var pwsh = await shells.PwshAsync("aws-assume-role --policy " + typed);
        var bash = await shells.BashInTerminalAsync("aws-assume-role --policy " + typed, s => s.Contains("--policy " + policy, StringComparison.Ordinal), "the completed file name");
        var zsh = await shells.ZshAsync("aws-assume-role --policy " + typed, s => s.Contains("--policy " + policy, StringComparison.Ordinal), "the completed file name");

        // Assert
        Assert.Equal([policy], fish.Words);
        Assert.Equal([policy], pwsh[0].Words);
        Assert.DoesNotContain("error", bash + zsh, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A word zsh lists under the prompt (a whole word, not part of a longer one).</summary>
    private static bool Listed(string screen, string word) =>
        screen.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Contains(word, StringComparer.Ordinal);
}
