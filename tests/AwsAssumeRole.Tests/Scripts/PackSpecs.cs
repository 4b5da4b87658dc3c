using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Scripts;

/// <summary>
/// scripts/pack's packages, installed for real with <c>dotnet tool install --add-source dist/packages</c>
/// into a throw-away tool path (and a throw-away NuGet cache, so a package of the same version
/// installed earlier is never what runs), then run against moto.
/// </summary>
[Collection("moto")]
public sealed class PackSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await ReleaseBuild.EnsureAsync();
    }

    [Fact]
    public async Task The_tool_installs_as_the_native_binary_on_linux_x64_and_runs_a_two_hop_chain()
    {
        // Act
        var command = await InstallAsync("aws-assume-role");

        // Assert: the command is the Native AOT binary of the linux-x64 package itself, not a shim.
        var target = new FileInfo(command).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? command;
        var bytes = await File.ReadAllBytesAsync(target);
        Assert.Equal("\u007fELF"u8.ToArray(), bytes[..4]);
        Assert.Equal(bytes, PackageEntry($"aws-assume-role.linux-x64.{ReleaseBuild.Version}.nupkg", "tools/any/linux-x64/aws-assume-role"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(target)!, "*.dll"));
        await AssertRunsTheChainAsync(command);
    }

    [Fact]
    public async Task The_framework_dependent_any_package_installs_alone_and_runs_the_same_chain()
    {
        // Act: the package other platforms fall back to, installed by its own name.
        var command = await InstallAsync("aws-assume-role.any");

        // Assert: a .NET app host over aws-assume-role.dll.
        var store = Path.Combine(Path.GetDirectoryName(command)!, ".store", "aws-assume-role.any");
        Assert.Single(Directory.GetFiles(store, "aws-assume-role.dll", SearchOption.AllDirectories));
        await AssertRunsTheChainAsync(command);
    }

    [Fact]
    public void Packages_hold_no_symbols_and_the_pointer_names_only_packages_that_exist()
    {
        var packages = Directory.GetFiles(ReleaseBuild.Packages).Select(Path.GetFileName).ToList();

        Assert.DoesNotContain(packages, name => name!.EndsWith(".snupkg", StringComparison.Ordinal));
        foreach (var package in packages)
        {
            using var zip = ZipFile.OpenRead(Path.Combine(ReleaseBuild.Packages, package!));
            Assert.DoesNotContain(zip.Entries, e => IsSymbolsOrDocs(e.FullName));
        }

        var settings = XDocument.Load(new MemoryStream(PackageEntry($"aws-assume-role.{ReleaseBuild.Version}.nupkg", "tools/any/any/DotnetToolSettings.xml")));
        var listed = settings.Descendants("RuntimeIdentifierPackage").Select(p => (Rid: (string)p.Attribute("RuntimeIdentifier")!, Id: (string)p.Attribute("Id")!)).ToList();
        Assert.Contains(listed, p => p.Rid == "linux-x64");
        Assert.Contains(listed, p => p.Rid == "any");
        Assert.All(listed, p => Assert.Contains($"{p.Id}.{ReleaseBuild.Version}.nupkg", packages));
        Assert.Equal(listed.Count + 1, packages.Count);
    }

    private async Task<string> InstallAsync(string packageId)
    {
        var toolPath = Path.Combine(Env.Directory, "tools-" + packageId);
        var environment = ReleaseBuild.InheritedEnvironment();
        environment["NUGET_PACKAGES"] = Path.Combine(Env.Directory, "nuget-packages");
        environment["DOTNET_NOLOGO"] = "1";
        var result = await ProcessRunner.RunAsync(
            "dotnet",
            ["tool", "install", "--tool-path", toolPath, "--add-source", ReleaseBuild.Packages, packageId, "--version", ReleaseBuild.Version],
            environment,
            timeout: InstallTimeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        var command = Path.Combine(toolPath, "aws-assume-role");
        Assert.True(File.Exists(command), $"{command} was not installed: {result}");
        return command;
    }

    private async Task AssertRunsTheChainAsync(string command)
    {
        var whoami = await ProcessRunner.RunAsync(command, ["whoami", "ec2-worker", BackupRole], Env.Variables);
        var version = await ProcessRunner.RunAsync(command, ["--version"], Env.Variables);

        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", JsonDocument.Parse(whoami.Stdout).RootElement.GetProperty("Arn").GetString());
        Assert.Equal(
            "INFO: Switched to role arn:aws:iam::123456789012:role/ec2-worker\nINFO: Switched to role arn:aws:iam::987654321098:role/backup-role\n",
            whoami.Stderr);
        Assert.Equal(await ReleaseBuild.VersionLineAsync(), version.Stdout);
    }

    /// <summary>Debug symbols (.pdb, .dbg) or XML docs next to the tool's files.</summary>
    private static bool IsSymbolsOrDocs(string entry) =>
        Path.GetExtension(entry) is ".pdb" or ".dbg"
        || (entry.StartsWith("tools/", StringComparison.Ordinal) && Path.GetExtension(entry) == ".xml" && Path.GetFileName(entry) != "DotnetToolSettings.xml");

    private static byte[] PackageEntry(string package, string entry)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(ReleaseBuild.Packages, package));
        using var stream = zip.GetEntry(entry)?.Open() ?? throw new InvalidOperationException($"{package} has no {entry}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
