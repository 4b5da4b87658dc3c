using System.Diagnostics;
using System.Text.RegularExpressions;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cache;

/// <summary>
/// What the cache trusts, through the real binary: files swapped while a run looks at them (the run
/// held by strace right after its check), folders on the way that others can write, a folder open
/// to others, lock files that are links. The tests run as root on CI: "another user" is 65534.
/// </summary>
public sealed partial class CacheSpecs
{
    // How long strace holds the run after each check of the watched file: time for the swap.
    private const int HoldMicroseconds = 2_000_000;
    private const string Nobody = "65534";
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_entry_swapped_for_a_link_to_another_users_file_after_its_check_is_never_printed()
    {
        // Arrange: a valid entry of another user, readable by all, with its own credentials
        var cold = await MustRun("ec2-worker", BackupRole);
        var final = FinalEntry();
        var mallory = Directory.CreateDirectory(Path.Combine(Env.Directory, "mallory")).FullName;
        var planted = Path.Combine(mallory, "planted.json");
        var text = await File.ReadAllTextAsync(final);
        await File.WriteAllTextAsync(planted, Regex.Replace(text, "\"AccessKeyId\": \"[^\"]+\"", "\"AccessKeyId\": \"ASIAMALLORYEXAMPLE00\""));
        File.SetUnixFileMode(planted, Mode600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await Chown(Nobody, mallory, planted);
        var link = final + ".swap";

        // Act: right after the run has checked the entry, it becomes a link to the planted file
        var (result, swapped) = await RunHeldAfterEachCheckOf(final, () =>
        {
            File.CreateSymbolicLink(link, planted);
            File.Move(link, final, overwrite: true);
        }, "ec2-worker", BackupRole);

        // Assert
        Assert.True(swapped, "the run never checked the entry: " + result);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MALLORY", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(cold.Stdout, result.Stdout);
    }

    [Fact]
    public async Task An_untrusted_entry_replaced_after_its_check_is_not_removed()
    {
        // Arrange: the final entry made readable by others, so the next run will not trust it
        var cold = await MustRun("ec2-worker", BackupRole);
        var final = FinalEntry();
        var good = await File.ReadAllBytesAsync(final);
        File.SetUnixFileMode(final, Mode600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var replacement = final + ".new";
        var before = await Moto.StsRequestCountAsync();

        // Act: after the run has found the entry untrusted, a good 0600 entry takes its place
        var (result, replaced) = await RunHeldAfterEachCheckOf(final, () =>
        {
            File.WriteAllBytes(replacement, good);
            File.SetUnixFileMode(replacement, Mode600);
            File.Move(replacement, final, overwrite: true);
        }, "ec2-worker", BackupRole);

        // Assert: the good entry was left in place, and used when the run looked again under the lock
        Assert.True(replaced, "the run never checked the entry: " + result);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(good, await File.ReadAllBytesAsync(final));
        Assert.Equal(0, await Moto.StsRequestCountAsync() - before);
        Assert.Equal(cold.Stdout, result.Stdout);
    }

    [Theory]
    [InlineData("AWS_ASSUME_ROLE_CACHE_DIR", "0777")]
    [InlineData("XDG_CACHE_HOME", "0777")]
    [InlineData("XDG_CACHE_HOME", "0770")]
    public async Task A_cache_under_a_folder_others_can_write_is_one_warning_and_is_not_used(string variable, string mode)
    {
        // Arrange
        var shared = Directory.CreateDirectory(Path.Combine(Env.Directory, "shared")).FullName;
        File.SetUnixFileMode(shared, (UnixFileMode)Convert.ToInt32(mode, 8));
        if (variable == "XDG_CACHE_HOME")
        {
            Env.Variables.Remove("AWS_ASSUME_ROLE_CACHE_DIR");
        }

        Env.With(variable, variable == "XDG_CACHE_HOME" ? shared : Path.Combine(shared, "cache"));

        // Act
        var first = await Tool.RunAsync(Env, "ec2-worker", BackupRole);
        var second = await Tool.RunAsync(Env, "ec2-worker", BackupRole);

        // Assert
        foreach (var result in new[] { first, second })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal(4, result.EnvLines().Count);
            var warning = Assert.Single(result.Stderr.Split('\n'), line => line.StartsWith("WARNING:", StringComparison.Ordinal));
            Assert.Equal($"WARNING: not using the credentials cache: {shared} can be written by other users; going on without it", warning);
        }

        Assert.Equal(6, await Moto.StsRequestCountAsync());
        Assert.Empty(Directory.GetFileSystemEntries(shared));
    }

    [Theory]
    [InlineData("list")]
    [InlineData("clear")]
    public async Task Cache_list_and_clear_refuse_a_cache_under_a_folder_others_can_write(string verb)
    {
        // Arrange: entries made while the folder on the way was still private
        var shared = Directory.CreateDirectory(Path.Combine(Env.Directory, "shared")).FullName;
        Env.With("AWS_ASSUME_ROLE_CACHE_DIR", Path.Combine(shared, "cache"));
        await MustRun("ec2-worker", BackupRole);
        File.SetUnixFileMode(shared, (UnixFileMode)Convert.ToInt32("0777", 8));

        // Act
        var result = await Tool.RunAsync(Env, "cache", verb);

        // Assert
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal($"aws-assume-role: error: cannot read or change the credentials cache in {Env.CacheDirectory}: {shared} can be written by other users\n", result.Stderr);
        Assert.Equal(3, Entries().Length);
    }

    [Fact]
    public async Task A_cache_under_a_sticky_folder_anyone_can_write_is_used()
    {
        // Arrange: a folder like /tmp
        var sticky = Directory.CreateDirectory(Path.Combine(Env.Directory, "tmp")).FullName;
        File.SetUnixFileMode(sticky, (UnixFileMode)Convert.ToInt32("1777", 8));
        Env.With("AWS_ASSUME_ROLE_CACHE_DIR", Path.Combine(sticky, "cache"));

        // Act
        var cold = await MustRun("ec2-worker", BackupRole);
        var before = await Moto.StsRequestCountAsync();
        var warm = await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.DoesNotContain("WARNING", cold.Stderr + warm.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await Moto.StsRequestCountAsync() - before);
        Assert.Equal(cold.Stdout, warm.Stdout);
        Assert.Equal(Mode700, File.GetUnixFileMode(Env.CacheDirectory));
    }

    [Fact]
    public async Task A_run_that_only_reads_sets_a_cache_folder_open_to_others_back_to_0700()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        File.SetUnixFileMode(Env.CacheDirectory, (UnixFileMode)Convert.ToInt32("0777", 8));
        var before = await Moto.StsRequestCountAsync();

        // Act
        var warm = await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.Equal(0, await Moto.StsRequestCountAsync() - before);
        Assert.Equal(Mode700, File.GetUnixFileMode(Env.CacheDirectory));
        Assert.DoesNotContain("WARNING", warm.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lock_file_that_is_a_link_is_never_followed()
    {
        // Arrange: lock files (the two hops' and the source identity's) links to files elsewhere, one missing and one with content
        await MustRun("ec2-worker", BackupRole);
        var locks = Directory.GetFiles(Env.CacheDirectory, "*.lock").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, locks.Length);
        var missing = Path.Combine(Env.Directory, "would-be-created");
        var precious = Path.Combine(Env.Directory, "precious");
        await File.WriteAllTextAsync(precious, "not a lock\n");
        foreach (var (lockFile, target) in locks.Zip([missing, precious]))
        {
            File.Delete(lockFile);
            File.CreateSymbolicLink(lockFile, target);
        }

        foreach (var entry in Entries())
        {
            File.Delete(entry);
        }

        var before = await Moto.StsRequestCountAsync();

        // Act
        var result = await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.Equal(3, await Moto.StsRequestCountAsync() - before);
        Assert.False(File.Exists(missing) || new FileInfo(missing).LinkTarget is not null, "the link's target was created");
        Assert.Equal("not a lock\n", await File.ReadAllTextAsync(precious));
        Assert.All(locks, lockFile => Assert.Null(new FileInfo(lockFile).LinkTarget));
        Assert.All(locks, lockFile => Assert.Equal(Mode600, File.GetUnixFileMode(lockFile)));
        Assert.Equal(3, Entries().Length);
        Assert.DoesNotContain("WARNING", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the binary under strace, which holds it for <see cref="HoldMicroseconds"/> after every
    /// <c>statx</c> of <paramref name="path"/> (by name, or on a descriptor open on it: strace's
    /// <c>-P</c> matches both). <paramref name="change"/> runs once, during the first hold; the
    /// second value tells whether it ran.
    /// </summary>
    private async Task<(ProcessResult Result, bool Changed)> RunHeldAfterEachCheckOf(string path, Action change, params string[] arguments)
    {
        var strace = MotoServer.FindExecutable("strace") ?? throw new InvalidOperationException("strace not found (scripts/ensure-tools installs it)");
        var log = Path.Combine(Env.Directory, "strace.log");
        string[] hold = ["-f", "-qq", "-o", log, "-P", path, "-e", "trace=statx,openat", "-e", $"inject=statx:delay_exit={HoldMicroseconds}"];
        using var tool = ProcessRunner.Start(strace, [.. hold, RepoPaths.Binary, .. arguments], Env.Variables);
        var waited = Stopwatch.StartNew();
        var changed = false;
        while (!tool.Process.HasExited && waited.Elapsed < RunTimeout)
        {
            if (File.Exists(log) && (await File.ReadAllTextAsync(log)).Contains("(DELAYED)", StringComparison.Ordinal))
            {
                change();
                changed = true;
                break;
            }

            await Task.Delay(5);
        }

        return (await tool.WaitAsync(RunTimeout), changed);
    }

    private static async Task Chown(string owner, params string[] paths)
    {
        var result = await ProcessRunner.RunAsync("chown", [owner, .. paths], new Dictionary<string, string> { ["PATH"] = RepoPaths.SearchPath }, timeout: RunTimeout);
        Assert.True(result.ExitCode == 0, "chown needs root (the suite runs as root on CI): " + result);
    }
}
