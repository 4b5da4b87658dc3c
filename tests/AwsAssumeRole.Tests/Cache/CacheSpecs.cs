using System.Runtime.Versioning;
using System.Text.Json;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cache;

/// <summary>
/// The credentials cache through the real binary against a real moto server: requests counted at
/// moto, files and modes read from the real file system, concurrency with real processes.
/// </summary>
[Collection("moto")]
[UnsupportedOSPlatform("windows")]
public sealed partial class CacheSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";
    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode700 = Mode600 | UnixFileMode.UserExecute;
    [Fact]
    public async Task Second_identical_run_makes_zero_requests_and_prints_the_same_working_credentials()
    {
        // Arrange
        var cold = await MustRun("ec2-worker", BackupRole);
        var before = await Moto.StsRequestCountAsync();

        // Act
        var warm = await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.Equal(3, before);
        Assert.Equal(0, await Moto.StsRequestCountAsync() - before);
        Assert.Equal(cold.Stdout, warm.Stdout);
        Assert.Equal(cold.Stderr, warm.Stderr);
        var identity = await AwsCli.CallerIdentityWithAsync(Moto.Endpoint, warm.EnvLines());
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", identity.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task A_run_sharing_the_first_hop_makes_one_request()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        var before = await Moto.StsRequestCountAsync();

        // Act
        await MustRun("ec2-worker", "backup2");

        // Assert
        Assert.Equal(1, await Moto.StsRequestCountAsync() - before);
    }

    [Fact]
    public async Task A_different_source_key_makes_every_request()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        var before = await Moto.StsRequestCountAsync();
        Env.WithSourceKeys("AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY");

        // Act
        await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.Equal(3, await Moto.StsRequestCountAsync() - before);
    }

    [Fact]
    public async Task Refresh_assumes_every_role_again_and_the_next_run_uses_the_new_credentials()
    {
        // Arrange
        var first = await MustRun("ec2-worker", BackupRole);
        var before = await Moto.StsRequestCountAsync();

        // Act
        var refreshed = await MustRun("--refresh", "ec2-worker", BackupRole);
        var after = await Moto.StsRequestCountAsync();
        var next = await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.Equal(3, after - before);
        Assert.NotEqual(first.Stdout, refreshed.Stdout);
        Assert.Equal(refreshed.Stdout, next.Stdout);
        Assert.Equal(0, await Moto.StsRequestCountAsync() - after);
    }

    [Fact]
    public async Task Min_remaining_longer_than_the_session_never_reuses_an_entry()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        var before = await Moto.StsRequestCountAsync();

        // Act
        await MustRun("--min-remaining", "61m", "ec2-worker", BackupRole);

        // Assert: every hop again; the source's identity, which no session's expiry bounds, is still known
        Assert.Equal(["AssumeRole", "AssumeRole"], (await RequestsAsync(before)).Select(r => r.Action));
    }

    [Theory]
    [InlineData("--no-cache and --refresh contradict each other", "--no-cache", "--refresh", "ec2-worker")]
    [InlineData("invalid --min-remaining", "--min-remaining", "soon", "ec2-worker")]
    [InlineData("invalid --min-remaining", "--min-remaining", "13h", "ec2-worker")]
    [InlineData("run no command", "cache", "list", "--", "ls")]
    public async Task Bad_cache_options_exit_2_before_any_request(string expected, params string[] arguments)
    {
        // Act
        var result = await Tool.RunAsync(Env, arguments);

        // Assert
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
        Assert.False(Directory.Exists(Env.CacheDirectory));
    }

    [Fact]
    public async Task No_cache_creates_no_cache_folder()
    {
        // Act
        await MustRun("--no-cache", "ec2-worker", BackupRole);

        // Assert
        Assert.False(Directory.Exists(Env.CacheDirectory));
    }

    [Fact]
    public async Task No_cache_touches_no_file_of_an_existing_cache()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        var folderTime = Directory.GetLastWriteTimeUtc(Env.CacheDirectory);
        var listing = Listing();
        var before = await Moto.StsRequestCountAsync();

        // Act
        await MustRun("--no-cache", "ec2-worker", BackupRole);

        // Assert
        Assert.Equal(3, await Moto.StsRequestCountAsync() - before);
        Assert.Equal(folderTime, Directory.GetLastWriteTimeUtc(Env.CacheDirectory));
        Assert.Equal(listing, Listing());
    }

    [Fact]
    public async Task Cache_folder_is_0700_and_every_file_0600_under_umask_000()
    {
        // Arrange
        Env.With("AWS_ASSUME_ROLE_CACHE_DIR", Path.Combine(Env.Directory, "xdg", "nested", "aws-assume-role"));

        // Act
        var result = await Tool.RunUnderAsync(Env, ["/bin/sh", "-c", "umask 000 && exec \"$0\" \"$@\""], "ec2-worker", BackupRole);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Mode700, File.GetUnixFileMode(Env.CacheDirectory));
        Assert.Equal(Mode700, File.GetUnixFileMode(Path.GetDirectoryName(Env.CacheDirectory)!));
        var files = Directory.GetFiles(Env.CacheDirectory);
        Assert.Equal(6, files.Length); // two hops and the source identity, each an entry and a lock
        Assert.All(files, file => Assert.True(File.GetUnixFileMode(file) == Mode600, $"{file}: {File.GetUnixFileMode(file)}"));
    }

    [Fact]
    public async Task An_entry_readable_by_others_is_not_used_and_is_replaced_by_a_0600_one()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        foreach (var entry in Entries())
        {
            File.SetUnixFileMode(entry, Mode600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        var before = await Moto.StsRequestCountAsync();

        // Act
        await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.Equal(3, await Moto.StsRequestCountAsync() - before);
        Assert.All(Entries(), entry => Assert.Equal(Mode600, File.GetUnixFileMode(entry)));
    }

    [Fact]
    public async Task A_symlinked_entry_is_not_followed_and_is_replaced_by_a_real_file()
    {
        // Arrange
        var cold = await MustRun("ec2-worker", BackupRole);
        var final = FinalEntry();
        var elsewhere = Path.Combine(Env.Directory, "planted.json");
        File.Move(final, elsewhere);
        File.CreateSymbolicLink(final, elsewhere);
        var planted = File.ReadAllBytes(elsewhere);
        var before = await Moto.StsRequestCountAsync();

        // Act
        var result = await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.Equal(1, await Moto.StsRequestCountAsync() - before);
        Assert.NotEqual(cold.Stdout, result.Stdout);
        Assert.Null(new FileInfo(final).LinkTarget);
        Assert.Equal(planted, File.ReadAllBytes(elsewhere));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("truncated JSON")]
    [InlineData("10 MB of garbage")]
    public async Task A_bad_entry_file_is_a_miss_and_is_rewritten(string what)
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        var final = FinalEntry();
        var good = File.ReadAllBytes(final);
        File.WriteAllBytes(final, what switch
        {
            "empty" => [],
            "truncated JSON" => good[..(good.Length / 2)],
            _ => Garbage(10 * 1024 * 1024),
        });
        var before = await Moto.StsRequestCountAsync();

        // Act
        var repaired = await MustRun("ec2-worker", BackupRole);
        var middle = await Moto.StsRequestCountAsync();
        var reused = await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.Equal(1, middle - before);
        Assert.Equal(0, await Moto.StsRequestCountAsync() - middle);
        Assert.Equal(repaired.Stdout, reused.Stdout);
        Assert.InRange(new FileInfo(final).Length, 100, 4096);
        Assert.Equal(Mode600, File.GetUnixFileMode(final));
    }

    [Fact]
    public async Task No_temporary_file_is_left_after_a_run_killed_between_write_and_rename()
    {
        // Arrange: strace kills the process at its first rename(2), after the entry was written and flushed
        var strace = MotoServer.FindExecutable("strace") ?? throw new InvalidOperationException("strace not found (scripts/ensure-tools installs it)");
        string[] killAtRename = [strace, "-f", "-qq", "-o", "/dev/null", "-e", "trace=rename,renameat,renameat2", "-e", "inject=rename,renameat,renameat2:signal=KILL"];

        // Act
        var killed = await Tool.RunUnderAsync(Env, killAtRename, "ec2-worker", BackupRole);
        var leftBehind = Directory.GetFiles(Env.CacheDirectory, "*.tmp");
        var next = await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.True(killed.ExitCode != 0, killed.ToString());
        Assert.Equal(string.Empty, killed.Stdout);
        Assert.Single(leftBehind);
        Assert.Empty(Directory.GetFiles(Env.CacheDirectory, "*.tmp"));
        Assert.Equal(3, Entries().Length);
        Assert.NotEmpty(next.Stdout);
    }

    [Fact]
    public async Task Twenty_concurrent_processes_on_a_cold_chain_make_hops_plus_one_requests()
    {
        // Act
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Tool.RunAsync(Env, "-q", "ec2-worker", BackupRole)));

        // Assert
        Assert.All(results, result => Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, result.ToString()));
        Assert.Equal(3, await Moto.StsRequestCountAsync());
        var printed = Assert.Single(results.Select(r => r.Stdout).Distinct());
        Assert.Equal(4, printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var identity = await AwsCli.CallerIdentityWithAsync(Moto.Endpoint, results[0].EnvLines());
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", identity.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task A_read_only_cache_folder_is_one_warning_and_the_run_succeeds()
    {
        // Arrange: as root, drop the capabilities that bypass file modes, so 0500 means read-only
        Directory.CreateDirectory(Env.CacheDirectory);
        File.SetUnixFileMode(Env.CacheDirectory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string[] unprivileged = Environment.UserName == "root"
            ? [MotoServer.FindExecutable("setpriv") ?? throw new InvalidOperationException("setpriv not found"), "--inh-caps=-all", "--bounding-set=-all"]
            : ["/usr/bin/env"];

        // Act
        var result = await Tool.RunUnderAsync(Env, unprivileged, "ec2-worker", BackupRole);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        var warning = Assert.Single(result.Stderr.Split('\n'), line => line.StartsWith("WARNING:", StringComparison.Ordinal));
        Assert.Contains("cannot write the credentials cache", warning, StringComparison.Ordinal);
        Assert.Equal(2, result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.StartsWith("INFO:", StringComparison.Ordinal)));
        Assert.Equal(4, result.EnvLines().Count);
        Assert.Empty(Directory.GetFiles(Env.CacheDirectory));
    }

    [Fact]
    public async Task Cache_list_shows_each_chain_with_its_expiry_and_never_a_secret()
    {
        // Arrange
        var cold = await MustRun("ec2-worker", BackupRole);
        var credentials = cold.EnvLines();

        // Act
        var list = await Tool.RunAsync(Env, "cache", "list");

        // Assert
        Assert.True(list.ExitCode == 0, list.ToString());
        var lines = list.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^EXPIRES +LEFT +SOURCE +SESSION +CHAIN$", lines[0]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +(59|60)m +\*\*\*\*MPLE +moto +arn:aws:iam::123456789012:role/ec2-worker$", lines[1]);
        Assert.EndsWith("moto     arn:aws:iam::123456789012:role/ec2-worker > " + BackupRole, lines[2], StringComparison.Ordinal);
        foreach (var secret in new[] { credentials["AWS_ACCESS_KEY_ID"], credentials["AWS_SECRET_ACCESS_KEY"], credentials["AWS_SESSION_TOKEN"], "AKIAIOSFODNN7EXAMPLE" })
        {
            Assert.DoesNotContain(secret, list.Stdout + list.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cache_list_shows_the_days_left_of_an_entry_that_expires_in_the_year_9999()
    {
        // Arrange: the entry the cache wrote, its expiry moved to the last second of 9999.
        await MustRun("ec2-worker");
        var entry = Assert.Single(CredentialEntries());
        var text = await File.ReadAllTextAsync(entry);
        var farFuture = System.Text.RegularExpressions.Regex.Replace(text, "\"Expiration\": \"[^\"]+\"", "\"Expiration\": \"9999-12-31T23:59:59Z\"");
        Assert.NotEqual(text, farFuture);
        await File.WriteAllTextAsync(entry, farFuture);
        var now = DateTimeOffset.UtcNow;

        // Act
        var list = await Tool.RunAsync(Env, "cache", "list");

        // Assert
        Assert.True(list.ExitCode == 0, list.ToString());
        var row = list.Stdout.TrimEnd('\n').Split('\n')[1];
        var left = System.Text.RegularExpressions.Regex.Match(row, @"^9999-12-31T23:59:59Z +(\d+)d(\d+h)? +\*\*\*\*MPLE +moto +arn:aws:iam::123456789012:role/ec2-worker$");
        Assert.True(left.Success, row);
        var days = (new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero) - now).Days;
        Assert.InRange(int.Parse(left.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), days - 1, days);
    }

    [Fact]
    public async Task Cache_clear_removes_every_entry_so_the_next_run_assumes_again()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        var before = await Moto.StsRequestCountAsync();

        // Act
        var clear = await Tool.RunAsync(Env, "cache", "clear");
        var list = await Tool.RunAsync(Env, "cache", "list");
        await MustRun("ec2-worker", BackupRole);

        // Assert
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Equal(string.Empty, clear.Stdout);
        Assert.Equal($"INFO: removed 2 cached credentials and 1 source identity from {Env.CacheDirectory}\n", clear.Stderr);
        Assert.Equal(string.Empty, list.Stdout);
        Assert.Equal(3, await Moto.StsRequestCountAsync() - before);
    }

    [Fact]
    public async Task Whoami_at_the_end_of_a_cached_chain_makes_only_its_own_request()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        var before = await Moto.StsRequestCountAsync();

        // Act
        var result = await MustRun("whoami", "ec2-worker", BackupRole);

        // Assert
        Assert.Equal(1, await Moto.StsRequestCountAsync() - before);
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task A_cold_chain_from_a_source_key_seen_before_makes_one_request_per_hop()
    {
        // Arrange: a first chain from these keys (GetCallerIdentity, then a hop each)
        await MustRun("ec2-worker", BackupRole);
        var before = await Moto.StsRequestCountAsync();

        // Act: another chain, none of whose hops is cached, from the same key
        var second = await MustRun("other-role", "backup2");
        var requests = await RequestsAsync(before);

        // Assert
        Assert.Equal(["AssumeRole", "AssumeRole"], requests.Select(r => r.Action));
        Assert.Equal("arn:aws:iam::123456789012:role/other-role", requests[0].Form["RoleArn"]);
        Assert.Equal("moto", requests[0].Form["RoleSessionName"]);
        var identity = await AwsCli.CallerIdentityWithAsync(Moto.Endpoint, second.EnvLines());
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/backup2/moto", identity.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task A_cold_chain_from_another_source_key_asks_its_identity()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        Env.WithSourceKeys("AKIAI44QH8DHBEXAMPLE", "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY");
        var before = await Moto.StsRequestCountAsync();

        // Act
        await MustRun("other-role", "backup2");

        // Assert
        Assert.Equal(["GetCallerIdentity", "AssumeRole", "AssumeRole"], (await RequestsAsync(before)).Select(r => r.Action));
    }

    [Fact]
    public async Task No_cache_never_uses_nor_writes_a_source_identity()
    {
        // Arrange
        await MustRun("ec2-worker", BackupRole);
        var listing = Listing();
        var before = await Moto.StsRequestCountAsync();

        // Act
        await MustRun("--no-cache", "other-role", "backup2");

        // Assert
        Assert.Equal(["GetCallerIdentity", "AssumeRole", "AssumeRole"], (await RequestsAsync(before)).Select(r => r.Action));
        Assert.Equal(listing, Listing());
    }

    [Fact]
    public async Task No_cache_on_an_empty_cache_writes_nothing_at_all()
    {
        // Act
        await MustRun("--no-cache", "ec2-worker", BackupRole);

        // Assert
        Assert.Equal(3, await Moto.StsRequestCountAsync());
        Assert.False(Directory.Exists(Env.CacheDirectory));
    }

    [Fact]
    public async Task The_source_identity_entry_holds_no_secret_and_is_0600()
    {
        // Act
        await MustRun("ec2-worker");

        // Assert
        var identity = Assert.Single(Entries().Except(CredentialEntries()));
        var text = await File.ReadAllTextAsync(identity);
        Assert.Equal(Mode600, File.GetUnixFileMode(identity));
        Assert.DoesNotContain(Env.Variables["AWS_SECRET_ACCESS_KEY"], text, StringComparison.Ordinal);
        Assert.Equal("arn:aws:sts::123456789012:user/moto", JsonDocument.Parse(text).RootElement.GetProperty("Arn").GetString()); // moto's ARN for these keys
    }

    /// <summary>The STS requests moto received after the first <paramref name="skip"/>.</summary>
    private async Task<IReadOnlyList<RecordedRequest>> RequestsAsync(int skip) =>
        [.. (await Moto.RecordedRequestsAsync()).Where(r => r.Method == "POST" && r.Target == "/").Skip(skip)];

    private async Task<ProcessResult> MustRun(params string[] arguments)
    {
        var result = await Tool.RunAsync(Env, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>Every entry file: credentials and the source identity.</summary>
    private string[] Entries() => Directory.GetFiles(Env.CacheDirectory, "*.json");

    /// <summary>The entries that hold credentials (a source identity entry has a Kind).</summary>
    private string[] CredentialEntries() =>
        [.. Entries().Where(path => !JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.TryGetProperty("Kind", out _))];

    /// <summary>The entry of the whole two-hop chain: the one whose Roles list has two ARNs.</summary>
    private string FinalEntry() =>
        CredentialEntries().Single(path => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.GetProperty("Roles").GetArrayLength() == 2);

    private string[] Listing() =>
        Directory.GetFiles(Env.CacheDirectory)
            .Select(path => $"{Path.GetFileName(path)} {new FileInfo(path).Length} {File.GetLastWriteTimeUtc(path):O} {File.GetUnixFileMode(path)}")
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(42).NextBytes(bytes);
        return bytes;
    }
}
