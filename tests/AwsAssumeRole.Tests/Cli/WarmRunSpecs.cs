using System.Runtime.Versioning;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// A run the cache answers does no work its result does not need. Checked on what the process does
/// (strace of the real binary), never on how long it takes: it opens no TLS library, makes no
/// network call, creates no inotify instance, starts no thread that <c>--version</c> does not, and
/// starts no program (a profile it does not use is not resolved).
/// </summary>
[Collection("moto")]
[UnsupportedOSPlatform("windows")]
public sealed class WarmRunSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";

    [Fact]
    public async Task A_warm_run_opens_no_TLS_library()
    {
        // Arrange
        await WarmUpAsync();

        // Act
        var trace = await TraceAsync("trace=open,openat,openat2", "-q", "ec2-worker", BackupRole);

        // Assert
        Assert.DoesNotContain(trace, line => line.Contains("libssl", StringComparison.Ordinal) || line.Contains("libcrypto", StringComparison.Ordinal) || line.Contains("openssl.cnf", StringComparison.Ordinal));
        Assert.Contains(trace, line => line.Contains(".json", StringComparison.Ordinal)); // it did read the cache
    }

    [Fact]
    public async Task A_warm_run_makes_no_network_call()
    {
        // Arrange
        await WarmUpAsync();
        var before = await Moto.StsRequestCountAsync();

        // Act
        var trace = await TraceAsync("trace=%network", "-q", "ec2-worker", BackupRole);

        // Assert
        Assert.Empty(trace);
        Assert.Equal(0, await Moto.StsRequestCountAsync() - before);
    }

    [Fact]
    public async Task A_warm_run_creates_no_inotify_instance()
    {
        // Arrange
        await WarmUpAsync();

        // Act
        var trace = await TraceAsync("trace=inotify_init,inotify_init1,inotify_add_watch", "-q", "ec2-worker", BackupRole);

        // Assert
        Assert.Empty(trace);
    }

    [Fact]
    public async Task A_warm_run_starts_no_thread_that_version_does_not()
    {
        // Arrange
        await WarmUpAsync();

        // Act
        var version = await TraceAsync("trace=clone,clone3", "--version");
        var warm = await TraceAsync("trace=clone,clone3", "-q", "ec2-worker", BackupRole);

        // Assert: the runtime's own threads only (the same as printing the version), no thread-pool worker
        Assert.NotEmpty(version);
        Assert.True(warm.Count <= version.Count, $"--version started {version.Count} threads, a warm run {warm.Count}:\n{string.Join('\n', warm)}");
    }

    [Fact]
    public async Task A_warm_run_starts_no_program_for_a_profile_it_does_not_use()
    {
        // Arrange: keys in the environment win, so the default profile's credential_process is not the source
        var marker = Path.Combine(Env.Directory, "credential-process-ran");
        Env.WithConfig($"[default]\ncredential_process = touch {marker}\nregion = eu-west-1\n\n[profile other]\nrole_arn = arn:aws:iam::123456789012:role/other\nsource_profile = missing\n");
        await WarmUpAsync();

        // Act
        var trace = await TraceAsync("trace=execve,execveat", "-q", "ec2-worker", BackupRole);

        // Assert: only the tool's own execve
        Assert.Single(trace);
        Assert.False(File.Exists(marker));
    }

    /// <summary>Runs the chain once so that the cache holds it.</summary>
    private async Task WarmUpAsync()
    {
        var cold = await Tool.RunAsync(Env, "-q", "ec2-worker", BackupRole);
        Assert.True(cold.ExitCode == 0, cold.ToString());
    }

    /// <summary>The system calls <paramref name="filter"/> selects that the run (all its threads) made, one a line.</summary>
    private async Task<IReadOnlyList<string>> TraceAsync(string filter, params string[] arguments)
    {
        var strace = MotoServer.FindExecutable("strace") ?? throw new InvalidOperationException("strace not found (scripts/ensure-tools installs it)");
        var output = Path.Combine(Env.Directory, $"strace-{Guid.NewGuid():N}.txt");
        var result = await Tool.RunUnderAsync(Env, [strace, "-f", "-qq", "-o", output, "-e", filter], arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotEmpty(result.Stdout);
        return [.. (await File.ReadAllLinesAsync(output)).Where(line => line.Length > 0 && !line.Contains("+++ exited", StringComparison.Ordinal))];
    }
}
