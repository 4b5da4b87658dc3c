using System.Diagnostics;
using System.Runtime.Versioning;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Tests.Chain;

namespace AwsAssumeRole.Core.Tests.Cache;

[UnsupportedOSPlatform("windows")]
public sealed class CacheFolderTests : IDisposable
{
    private const UnixFileMode Mode700 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempFolder folder = new();
    private readonly RecordingChainLog log = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("777")]
    [InlineData("770")]
    [InlineData("702")]
    public void CacheFolder_refuses_a_folder_on_the_way_that_others_can_write(string mode)
    {
        // Arrange
        var shared = Folder("shared", mode);

        // Act
        var refused = Assert.Throws<CacheRefusedException>(() => CacheFolder.Open(Path.Combine(shared, "cache"), create: true, log));

        // Assert
        Assert.Equal($"{shared} can be written by other users", refused.Message);
        Assert.Empty(Directory.GetFileSystemEntries(shared));
    }

    [Fact]
    public void CacheFolder_accepts_a_sticky_folder_on_the_way_that_anyone_can_write()
    {
        // Arrange
        var sticky = Folder("tmp", "1777");

        // Act
        using var opened = CacheFolder.Open(Path.Combine(sticky, "cache"), create: true, log);

        // Assert
        Assert.NotNull(opened);
        Assert.Equal(Mode700, File.GetUnixFileMode(Path.Combine(sticky, "cache")));
    }

    [Theory]
    [InlineData("absolute")]
    [InlineData("relative, with ..")]
    public void CacheFolder_follows_a_link_of_the_user_on_the_way_and_makes_the_folder_where_it_leads(string target)
    {
        // Arrange: home/.cache is a link to data/cache-disk, as a cache on another disk would be
        var disk = Folder("data/cache-disk", "700");
        var home = Folder("home", "700");
        File.CreateSymbolicLink(Path.Combine(home, ".cache"), target == "absolute" ? disk : "../data/cache-disk");

        // Act
        using var opened = CacheFolder.Open(Path.Combine(home, ".cache", "aws-assume-role"), create: true, log);

        // Assert
        Assert.NotNull(opened);
        Assert.True(Directory.Exists(Path.Combine(disk, "aws-assume-role")));
    }

    [Fact]
    public void CacheFolder_checks_the_folders_a_link_leads_to()
    {
        // Arrange: the user's own link, to a folder anyone can write
        var shared = Folder("shared", "777");
        var home = Folder("home", "700");
        File.CreateSymbolicLink(Path.Combine(home, ".cache"), "../shared");

        // Act
        var refused = Assert.Throws<CacheRefusedException>(() => CacheFolder.Open(Path.Combine(home, ".cache", "aws-assume-role"), create: true, log));

        // Assert
        Assert.Equal($"{shared} can be written by other users", refused.Message);
        Assert.Empty(Directory.GetFileSystemEntries(shared));
    }

    [Fact]
    public void CacheFolder_refuses_a_loop_of_links()
    {
        // Arrange
        File.CreateSymbolicLink(Path.Combine(folder.Root, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(folder.Root, "b"), "a");

        // Act
        var refused = Assert.Throws<CacheRefusedException>(() => CacheFolder.Open(Path.Combine(folder.Root, "a", "cache"), create: true, log));

        // Assert
        Assert.StartsWith("too many symbolic links", refused.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public void CacheFolder_refuses_a_folder_on_the_way_of_another_user()
    {
        // Arrange
        var theirs = Folder("theirs", "755");
        Chown(theirs);

        // Act
        var refused = Assert.Throws<CacheRefusedException>(() => CacheFolder.Open(Path.Combine(theirs, "cache"), create: false, log));

        // Assert
        Assert.Equal($"{theirs} belongs to another user", refused.Message);
    }

    [RootFact]
    public void CacheFolder_refuses_a_link_of_another_user_in_a_sticky_folder()
    {
        // Arrange: in a /tmp-like folder, another user's link to a folder of this user
        var sticky = Folder("tmp", "1777");
        var mine = Folder("mine", "700");
        var link = Path.Combine(sticky, "cache-link");
        File.CreateSymbolicLink(link, mine);
        Chown(link);

        // Act
        var refused = Assert.Throws<CacheRefusedException>(() => CacheFolder.Open(Path.Combine(link, "cache"), create: true, log));

        // Assert
        Assert.Equal($"{link} is a symbolic link of another user", refused.Message);
        Assert.Empty(Directory.GetFileSystemEntries(mine));
    }

    [Fact]
    public void CacheFolder_opened_only_to_read_sets_a_folder_open_to_others_back_to_0700()
    {
        // Arrange
        var cache = Folder("cache", "777");

        // Act
        using var opened = CacheFolder.Open(cache, create: false, log);

        // Assert
        Assert.NotNull(opened);
        Assert.Equal(Mode700, File.GetUnixFileMode(cache));
        Assert.Contains(log.Debugs, line => line == $"cache folder {cache} was open to other users; set to owner-only");
    }

    [Fact]
    public void CacheFolder_opened_only_to_read_makes_nothing()
    {
        // Act
        var opened = CacheFolder.Open(Path.Combine(folder.Root, "a", "b", "cache"), create: false, log);

        // Assert
        Assert.Null(opened);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Root));
    }

    [Fact]
    public void CacheFolder_refuses_a_file_where_the_folder_should_be()
    {
        // Arrange
        File.WriteAllText(folder.Cache, "not a folder");

        // Act
        var refused = Assert.Throws<CacheRefusedException>(() => CacheFolder.Open(folder.Cache, create: true, log));

        // Assert
        Assert.Equal($"{folder.Cache} is not a folder", refused.Message);
    }

    /// <summary>Makes the folder <paramref name="relative"/> under the test's root with the octal <paramref name="mode"/>.</summary>
    private string Folder(string relative, string mode)
    {
        var path = Directory.CreateDirectory(Path.Combine(folder.Root, relative)).FullName;
        File.SetUnixFileMode(path, (UnixFileMode)Convert.ToInt32(mode, 8));
        return path;
    }

    /// <summary>Gives <paramref name="path"/> (itself, not what a link points to) to user 65534.</summary>
    private static void Chown(string path)
    {
        using var process = Process.Start("chown", ["-h", "65534", path]);
        Assert.True(process.WaitForExit(10_000));
        Assert.Equal(0, process.ExitCode);
    }
}
