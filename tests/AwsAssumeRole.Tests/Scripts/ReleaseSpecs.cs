using System.Runtime.Versioning;
using System.Text.Json;
using System.Text.RegularExpressions;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Scripts;

/// <summary>
/// scripts/release's files: archives that extract to a working binary, a SHA256SUMS that
/// <c>sha256sum -c</c> accepts, and a CycloneDX SBOM of the NuGet dependencies.
/// </summary>
[Collection("moto")]
[UnsupportedOSPlatform("windows")]
public sealed class ReleaseSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ReleaseBuild.EnsureAsync();
    }

    [Fact]
    public async Task Sha256sum_c_accepts_SHA256SUMS_which_covers_every_release_file()
    {
        var result = await ProcessRunner.RunAsync("sha256sum", ["-c", "SHA256SUMS"], Env.Variables, workingDirectory: ReleaseBuild.Release);

        Assert.True(result.ExitCode == 0, result.ToString());
        var files = Directory.GetFiles(ReleaseBuild.Release).Select(Path.GetFileName).Where(name => name != "SHA256SUMS").Order(StringComparer.Ordinal);
        Assert.Equal(files.Select(name => $"{name}: OK"), result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Contains($"aws-assume-role-{ReleaseBuild.Version}-linux-x64.tar.gz", files);
        Assert.Contains($"aws-assume-role-{ReleaseBuild.Version}.cdx.json", files);
    }

    [Fact]
    public async Task The_linux_x64_archive_extracts_to_a_binary_that_runs_a_two_hop_chain()
    {
        // Act
        var folder = await ExtractAsync("linux-x64");
        var binary = Path.Combine(folder, "aws-assume-role");
        var whoami = await ProcessRunner.RunAsync(binary, ["whoami", "ec2-worker", BackupRole], Env.Variables);
        var version = await ProcessRunner.RunAsync(binary, ["--version"], Env.Variables);

        // Assert
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", JsonDocument.Parse(whoami.Stdout).RootElement.GetProperty("Arn").GetString());
        Assert.Equal(await ReleaseBuild.VersionLineAsync(), version.Stdout);
        Assert.Equal(0x3E, ElfMachine(binary)); // x86-64
    }

    [Fact]
    public async Task The_linux_arm64_archive_extracts_to_an_arm64_binary_that_runs_under_qemu()
    {
        // Arrange: qemu-user (scripts/ensure-tools) with the aarch64 C runtime of Debian's cross toolchain.
        var qemu = MotoServer.FindExecutable("qemu-aarch64") ?? throw new InvalidOperationException("qemu-aarch64 not found: run scripts/ensure-tools");
        var folder = await ExtractAsync("linux-arm64");
        var binary = Path.Combine(folder, "aws-assume-role");

        // Act
        var version = await ProcessRunner.RunAsync(qemu, ["-L", "/usr/aarch64-linux-gnu", binary, "--version"], Env.Variables);
        var suggest = await ProcessRunner.RunAsync(qemu, ["-L", "/usr/aarch64-linux-gnu", binary, "[suggest:25]", "aws-assume-role --format "], Env.Variables);

        // Assert
        Assert.Equal(0xB7, ElfMachine(binary)); // AArch64
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal(await ReleaseBuild.VersionLineAsync(), version.Stdout);
        Assert.Equal("cmd\nenv\nexport\nfish\njson\npowershell\n", suggest.Stdout);
    }

    [Fact]
    public async Task The_sbom_lists_the_nuget_dependencies_with_their_versions()
    {
        using var sbom = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(ReleaseBuild.Release, $"aws-assume-role-{ReleaseBuild.Version}.cdx.json")));
        var root = sbom.RootElement;
        var components = root.GetProperty("components").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => (Version: c.GetProperty("version").GetString()!, Purl: c.TryGetProperty("purl", out var purl) ? purl.GetString() : null));
        var central = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "Directory.Packages.props"));

        Assert.Equal("CycloneDX", root.GetProperty("bomFormat").GetString());
        Assert.Equal("aws-assume-role", root.GetProperty("metadata").GetProperty("component").GetProperty("name").GetString());
        Assert.Equal(ReleaseBuild.Version, root.GetProperty("metadata").GetProperty("component").GetProperty("version").GetString());
        foreach (var name in new[] { "AWSSDK.SecurityToken", "System.CommandLine" })
        {
            var pinned = Regex.Match(central, $"Include=\"{Regex.Escape(name)}\" Version=\"([^\"]+)\"").Groups[1].Value;
            Assert.Equal((pinned, $"pkg:nuget/{name}@{pinned}"), components[name]);
        }

        Assert.Matches(@"^\d+\.\d+\.\d+(\.\d+)?$", components["AWSSDK.Core"].Version);
        Assert.Equal($"pkg:nuget/AWSSDK.Core@{components["AWSSDK.Core"].Version}", components["AWSSDK.Core"].Purl);
    }

    /// <summary>Extracts the archive of <paramref name="rid"/> with tar; returns its one folder, checked to hold the binary, LICENSE and README.md.</summary>
    private async Task<string> ExtractAsync(string rid)
    {
        var name = $"aws-assume-role-{ReleaseBuild.Version}-{rid}";
        var into = Directory.CreateDirectory(Path.Combine(Env.Directory, "extract-" + rid)).FullName;
        var tar = await ProcessRunner.RunAsync("tar", ["-xzf", Path.Combine(ReleaseBuild.Release, name + ".tar.gz"), "-C", into], Env.Variables);
        Assert.True(tar.ExitCode == 0, tar.ToString());

        Assert.Equal([name], Directory.GetFileSystemEntries(into).Select(Path.GetFileName));
        var folder = Path.Combine(into, name);
        Assert.Equal(["LICENSE", "README.md", "aws-assume-role"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "LICENSE")), await File.ReadAllTextAsync(Path.Combine(folder, "LICENSE")));
        Assert.True(File.GetUnixFileMode(Path.Combine(folder, "aws-assume-role")).HasFlag(UnixFileMode.UserExecute | UnixFileMode.OtherExecute));
        return folder;
    }

    /// <summary>The ELF header's e_machine.</summary>
    private static int ElfMachine(string path)
    {
        var header = File.ReadAllBytes(path)[..20];
        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        return header[18] | (header[19] << 8);
    }
}
