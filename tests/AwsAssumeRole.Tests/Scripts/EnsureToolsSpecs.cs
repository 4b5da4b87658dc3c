using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Scripts;

/// <summary>
/// scripts/ensure-tools, run for real from a copy of the script in a throw-away checkout (its own
/// <c>.tools/</c>), with a PATH chosen by the test. The repository's own <c>.tools/</c> is never touched.
/// </summary>
[UnsupportedOSPlatform("windows")]
[Trait("Layer", "Integration")]
public sealed class EnsureToolsSpecs : IDisposable
{
    private const string Installing = "scripts/ensure-tools: installing moto[server]==5.2.1 awscli==1.45.11 into .tools/python (not found on PATH)\n";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly string checkout = Directory.CreateTempSubdirectory("aar-ensure-tools-").FullName;
    private readonly string realTools = Path.Combine(RepoPaths.Root, ".tools");

    public EnsureToolsSpecs()
    {
        Directory.CreateDirectory(Path.Combine(checkout, "scripts"));
        Directory.CreateDirectory(Path.Combine(checkout, "home"));
        File.Copy(Path.Combine(RepoPaths.Root, "scripts", "ensure-tools"), Script);
    }

    private string Script => Path.Combine(checkout, "scripts", "ensure-tools");

    private string Tools => Path.Combine(checkout, ".tools");

    public static TheoryData<string> UnreachableIndexes() => new()
    {
        // A name that never resolves (RFC 2606), as PyPI fails on a machine without internet.
        "https://pypi.invalid/simple",
        // A loopback port nobody listens on: the connection is refused.
        $"http://127.0.0.1:{ClosedPort()}/simple",
    };

    [Theory]
    [MemberData(nameof(UnreachableIndexes))]
    public async Task Without_moto_and_aws_on_PATH_it_makes_a_venv_in_tools_and_says_in_one_line_that_the_index_cannot_be_reached(string index)
    {
        // Arrange: a PATH with python3 and dotnet but without the image's moto_server and aws
        // (this drops the pyenv shims, whose python3 has moto).
        var path = PathWithout("moto_server", "aws");
        Assert.True(Find("python3", path) is not null, $"no python3 on a PATH without moto_server and aws: {path}");
        var before = Snapshot(realTools);

        // Act
        var result = await Run(path, index);

        // Assert
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(
            Installing
            + $"scripts/ensure-tools: cannot install moto[server]==5.2.1 awscli==1.45.11: the package index {index} cannot be reached (pip's output: .tools/python-install.log); "
            + "put moto_server and aws on PATH, or run again with access to the index (PIP_INDEX_URL for a mirror)\n",
            result.Stderr);
        Assert.True(File.Exists(Path.Combine(Tools, "python", "bin", "python")), "no virtual environment in .tools/python");
        Assert.Contains("ERROR: No matching distribution found for moto[server]==5.2.1", await File.ReadAllTextAsync(Path.Combine(Tools, "python-install.log")), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(realTools));
    }

    [Fact]
    public async Task With_moto_and_aws_on_PATH_it_installs_nothing_into_tools()
    {
        // Arrange: PowerShell and the npm packages as the repository has them, so that only the
        // Python tools are in question.
        foreach (var tool in new[] { "pwsh", "node" })
        {
            var real = Path.Combine(realTools, tool);
            if (File.Exists(real) || Directory.Exists(real))
            {
                Directory.CreateDirectory(Tools);
                File.CreateSymbolicLink(Path.Combine(Tools, tool), real);
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        Assert.True(Find("moto_server", path) is not null && Find("aws", path) is not null, "this spec needs moto_server and aws on PATH");

        // Act: an index that cannot be reached, so that any attempt to install would fail.
        var result = await Run(path, "https://pypi.invalid/simple");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(Tools, "python")), ".tools/python was made although moto_server and aws are on PATH");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(checkout, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private Task<ProcessResult> Run(string path, string index) =>
        ProcessRunner.RunAsync(
            Script,
            [],
            new Dictionary<string, string>
            {
                ["PATH"] = path,
                ["HOME"] = Path.Combine(checkout, "home"),
                ["LANG"] = "C.UTF-8",
                // Neither the machine's pip configuration nor a cached download may take part.
                ["PIP_CONFIG_FILE"] = "/dev/null",
                ["PIP_NO_CACHE_DIR"] = "1",
                ["PIP_INDEX_URL"] = index,
            },
            timeout: Timeout,
            workingDirectory: checkout);

    /// <summary>This process's PATH without the folders that hold any of <paramref name="names"/>.</summary>
    private static string PathWithout(params string[] names) =>
        string.Join(':', (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(folder => !names.Any(name => File.Exists(Path.Combine(folder, name)))));

    private static string? Find(string name, string path) =>
        path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <summary>Every entry under <paramref name="folder"/> with its modification time: any change shows.</summary>
    private static List<string> Snapshot(string folder) =>
        !Directory.Exists(folder)
            ? ["(no folder)"]
            : [.. new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Select(entry => $"{entry.FullName} {entry.LastWriteTimeUtc:O}")
                .Prepend($"{folder} {Directory.GetLastWriteTimeUtc(folder):O}")
                .Order(StringComparer.Ordinal)];

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
