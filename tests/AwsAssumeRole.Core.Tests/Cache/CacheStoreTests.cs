using System.Diagnostics;
using System.Runtime.Versioning;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Tests.Chain;

namespace AwsAssumeRole.Core.Tests.Cache;

[UnsupportedOSPlatform("windows")]
public sealed class CacheStoreTests : IDisposable
{
    private const string Key = CacheEntryJsonTests.Key;
    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode700 = Mode600 | UnixFileMode.UserExecute;
    private readonly TempFolder folder = new();
    private readonly RecordingChainLog log = new();

    private string EntryPath => Path.Combine(folder.Cache, Key + ".json");

    public void Dispose() => folder.Dispose();

    [Fact]
    public void CacheStore_creates_the_folder_0700_and_the_entry_0600_and_reads_it_back()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);

        // Act
        store.Write(CacheEntryJsonTests.Entry());
        var read = store.Read(Key, removeUntrusted: true);

        // Assert
        Assert.Equal(Mode700, File.GetUnixFileMode(folder.Cache));
        Assert.Equal(Mode600, File.GetUnixFileMode(EntryPath));
        Assert.NotNull(read);
        Assert.Equal("ASIAHOP2EXAMPLE00000", read.Hop.Credentials.AccessKeyId);
        Assert.Equal([Key + ".json"], Directory.GetFiles(folder.Cache).Select(Path.GetFileName));
    }

    [Fact]
    public void CacheStore_read_of_a_missing_folder_is_a_miss_and_creates_nothing()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);

        // Act
        var read = store.Read(Key, removeUntrusted: true);

        // Assert
        Assert.Null(read);
        Assert.False(Directory.Exists(folder.Cache));
    }

    [Fact]
    public void CacheStore_repairs_a_folder_open_to_others_to_0700()
    {
        // Arrange
        Directory.CreateDirectory(folder.Cache);
        File.SetUnixFileMode(folder.Cache, Mode700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);

        // Act
        store.Write(CacheEntryJsonTests.Entry());

        // Assert
        Assert.Equal(Mode700, File.GetUnixFileMode(folder.Cache));
    }

    [Fact]
    public void CacheStore_does_not_trust_an_entry_readable_by_others_and_removes_it()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        File.SetUnixFileMode(EntryPath, Mode600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        // Act
        var read = store.Read(Key, removeUntrusted: true);

        // Assert
        Assert.Null(read);
        Assert.False(File.Exists(EntryPath));
        Assert.Null(store.Read(Key, removeUntrusted: true));
        Assert.Contains(log.Debugs, line => line.Contains("readable or writable by other users; removed", StringComparison.Ordinal));
    }

    [Fact]
    public void CacheStore_does_not_follow_a_symlinked_entry_and_replaces_the_link_not_its_target()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        var target = Path.Combine(folder.Root, "planted.json");
        File.Move(EntryPath, target);
        File.CreateSymbolicLink(EntryPath, target);
        var targetBefore = File.ReadAllBytes(target);

        // Act
        var read = store.Read(Key, removeUntrusted: true);
        store.Write(CacheEntryJsonTests.Entry(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        // Assert
        Assert.Null(read);
        Assert.Null(new FileInfo(EntryPath).LinkTarget);
        Assert.Equal(targetBefore, File.ReadAllBytes(target));
        Assert.Equal(2027, store.Read(Key, removeUntrusted: true)!.Hop.Credentials.Expiration!.Value.Year);
    }

    [RootFact]
    public void CacheStore_does_not_trust_an_entry_owned_by_another_user()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        Run("chown", "65534", EntryPath);

        // Act
        var read = store.Read(Key, removeUntrusted: true);
        store.Write(CacheEntryJsonTests.Entry());

        // Assert
        Assert.Null(read);
        Assert.Contains(log.Debugs, line => line.Contains("owned by another user", StringComparison.Ordinal));
        Assert.NotNull(store.Read(Key, removeUntrusted: true));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("truncated to half")]
    [InlineData("10 MB of garbage")]
    [InlineData("another key")]
    public void CacheStore_treats_a_bad_file_as_a_miss_and_a_write_replaces_it(string what)
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        File.WriteAllBytes(EntryPath, CacheEntryJsonTests.BadFile(what));

        // Act
        var read = store.Read(Key, removeUntrusted: true);
        store.Write(CacheEntryJsonTests.Entry());

        // Assert
        Assert.Null(read);
        Assert.NotNull(store.Read(Key, removeUntrusted: true));
        Assert.Equal(Mode600, File.GetUnixFileMode(EntryPath));
    }

    [Fact]
    public async Task CacheStore_lock_excludes_a_second_holder_until_released()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        var other = new CacheStore(folder.Cache, log, TimeProvider.System);

        // Act
        var first = await store.LockAsync(Key, TimeSpan.Zero, CancellationToken.None);
        var whileHeld = await other.LockAsync(Key, TimeSpan.FromMilliseconds(100), CancellationToken.None);
        first!.Dispose();
        var afterRelease = await other.LockAsync(Key, TimeSpan.Zero, CancellationToken.None);

        // Assert
        Assert.NotNull(first);
        Assert.Null(whileHeld);
        Assert.NotNull(afterRelease);
        afterRelease.Dispose();
        Assert.Equal(Mode600, File.GetUnixFileMode(Path.Combine(folder.Cache, Key + ".lock")));
    }

    [Fact]
    public async Task CacheStore_lock_does_not_follow_a_link_and_creates_nothing_where_it_points()
    {
        // Arrange
        Directory.CreateDirectory(folder.Cache);
        var lockFile = Path.Combine(folder.Cache, Key + ".lock");
        var target = Path.Combine(folder.Root, "would-be-created");
        File.CreateSymbolicLink(lockFile, target);
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);

        // Act
        using (var held = await store.LockAsync(Key, TimeSpan.Zero, CancellationToken.None))
        {
            Assert.NotNull(held);
        }

        // Assert
        Assert.False(File.Exists(target));
        Assert.Null(new FileInfo(lockFile).LinkTarget);
        Assert.Equal(Mode600, File.GetUnixFileMode(lockFile));
    }

    [Fact]
    public void CacheStore_does_not_trust_an_entry_with_another_hard_link_and_leaves_the_other_name()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        var elsewhere = Path.Combine(folder.Root, "hard-link");
        Run("ln", EntryPath, elsewhere);

        // Act
        var read = store.Read(Key, removeUntrusted: true);

        // Assert
        Assert.Null(read);
        Assert.False(File.Exists(EntryPath));
        Assert.True(File.Exists(elsewhere));
        Assert.Contains(log.Debugs, line => line.Contains("a file with other hard links; removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CacheStore_does_not_wait_on_a_fifo_in_place_of_an_entry()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        File.Delete(EntryPath);
        Run("mkfifo", "-m", "600", EntryPath);

        // Act
        var read = Task.Run(() => store.Read(Key, removeUntrusted: true));

        // Assert
        Assert.Null(await read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(EntryPath));
    }

    [Fact]
    public async Task CacheStore_lock_removes_temporary_files_of_its_key_left_by_a_killed_run()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        var leftover = Path.Combine(folder.Cache, $"{Key}.0123456789abcdef0123456789abcdef.tmp");
        var otherKeys = Path.Combine(folder.Cache, $"{new string('b', 64)}.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllText(leftover, "half an entry");
        File.WriteAllText(otherKeys, "another key's file, maybe being written now");

        // Act
        using (await store.LockAsync(Key, TimeSpan.Zero, CancellationToken.None))
        {
        }

        // Assert
        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(otherKeys));
    }

    [Fact]
    public void CacheStore_clear_removes_its_own_files_and_nothing_else()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        store.Write(CacheEntryJsonTests.Entry(key: new string('c', 64)));
        store.Write(CacheEntryJsonTests.IdentityEntry(key: new string('e', 64)));
        File.WriteAllText(Path.Combine(folder.Cache, Key + ".lock"), string.Empty);
        File.WriteAllText(Path.Combine(folder.Cache, Key + ".abc.tmp"), string.Empty);
        File.WriteAllText(Path.Combine(folder.Cache, "notes.json"), "mine");

        // Act
        var removed = store.Clear();

        // Assert
        Assert.Equal((2, 1), removed);
        Assert.Equal(["notes.json"], Directory.GetFiles(folder.Cache).Select(Path.GetFileName));
    }

    [Fact]
    public void CacheStore_list_shows_valid_entries_only()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        File.WriteAllText(Path.Combine(folder.Cache, new string('d', 64) + ".json"), "{ truncated");

        // Act
        var entries = store.List();

        // Assert
        Assert.Equal([Key], entries.Select(e => e.Key));
    }

    [Fact]
    public void CacheStore_write_removes_entries_and_locks_last_written_more_than_12_hours_ago()
    {
        // Arrange
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new CacheStore(folder.Cache, log, time);
        var oldKey = new string('e', 64);
        var recentKey = new string('f', 64);
        store.Write(CacheEntryJsonTests.Entry(key: oldKey));
        store.Write(CacheEntryJsonTests.Entry(key: recentKey));
        File.WriteAllText(Path.Combine(folder.Cache, oldKey + ".lock"), string.Empty);
        File.SetLastWriteTimeUtc(Path.Combine(folder.Cache, oldKey + ".json"), time.GetUtcNow().UtcDateTime.AddHours(-12.5));
        File.SetLastWriteTimeUtc(Path.Combine(folder.Cache, recentKey + ".json"), time.GetUtcNow().UtcDateTime.AddHours(-11.5));

        // Act
        new CacheStore(folder.Cache, log, time).Write(CacheEntryJsonTests.Entry());

        // Assert
        Assert.Equal(
            [Key + ".json", recentKey + ".json"],
            Directory.GetFiles(folder.Cache).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CacheStore_reads_an_entry_another_process_wrote_after_this_one_found_no_folder()
    {
        // Arrange
        var waiting = new CacheStore(folder.Cache, log, TimeProvider.System);
        var missBeforeTheFolder = waiting.Read(Key, removeUntrusted: true);

        // Act
        new CacheStore(folder.Cache, log, TimeProvider.System).Write(CacheEntryJsonTests.Entry());
        var read = waiting.Read(Key, removeUntrusted: true);

        // Assert
        Assert.Null(missBeforeTheFolder);
        Assert.NotNull(read);
    }

    [RootFact]
    public void CacheStore_refuses_a_folder_of_another_user_and_touches_nothing_in_it()
    {
        // Arrange
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);
        store.Write(CacheEntryJsonTests.Entry());
        File.SetUnixFileMode(EntryPath, Mode600 | UnixFileMode.OtherRead);
        Run("chown", "65534", folder.Cache);

        // Act
        var refused = Assert.ThrowsAny<IOException>(() => new CacheStore(folder.Cache, log, TimeProvider.System).Read(Key, removeUntrusted: true));

        // Assert
        Assert.Equal($"{folder.Cache} belongs to another user", refused.Message);
        Assert.True(File.Exists(EntryPath));
    }

    [Fact]
    public void CacheStore_write_into_a_path_that_is_a_file_fails_with_an_IOException()
    {
        // Arrange
        File.WriteAllText(folder.Cache, "a file where the folder should be");
        var store = new CacheStore(folder.Cache, log, TimeProvider.System);

        // Act and assert
        Assert.ThrowsAny<IOException>(() => store.Write(CacheEntryJsonTests.Entry()));
    }

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(command, arguments);
        Assert.True(process.WaitForExit(10_000));
        Assert.Equal(0, process.ExitCode);
    }
}
