using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Tests.Platform;

[UnsupportedOSPlatform("windows")]
public sealed class BoundedFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("aar-bounded-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ReadAllText_reads_a_regular_file_up_to_the_limit_and_drops_a_byte_order_mark()
    {
        // Arrange
        var path = Path.Combine(folder, "policy.json");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"a\":\"é\"}")]);

        // Act
        var text = BoundedFile.ReadAllText(path, 13);

        // Assert
        Assert.Equal("{\"a\":\"é\"}", text);
    }

    [Fact]
    public void ReadAllBytes_refuses_a_file_one_byte_over_the_limit()
    {
        // Arrange
        var path = Path.Combine(folder, "big");
        File.WriteAllBytes(path, new byte[100_001]);

        // Act
        var exact = BoundedFile.ReadAllBytes(path, 100_001);
        var error = Assert.Throws<BoundedFileException>(() => BoundedFile.ReadAllBytes(path, 100_000));

        // Assert
        Assert.Equal(100_001, exact.Length);
        Assert.Equal("the file is larger than 100000 bytes", error.Reason);
    }

    [Theory]
    [InlineData("/dev/zero", "it is not a regular file (a character device)")]
    [InlineData("/dev/null", "it is not a regular file (a character device)")]
    [InlineData("/", "it is not a regular file (a folder)")]
    public void ReadAllBytes_refuses_what_is_not_a_regular_file(string path, string reason)
    {
        // Act
        var error = Assert.Throws<BoundedFileException>(() => BoundedFile.ReadAllBytes(path, 8192));

        // Assert
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public async Task ReadAllBytes_refuses_a_FIFO_without_waiting_for_a_writer()
    {
        // Arrange
        var fifo = Path.Combine(folder, "fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        // Act: a blocking open would wait here for ever
        var reading = Task.Run(() => Assert.Throws<BoundedFileException>(() => BoundedFile.ReadAllBytes(fifo, 8192)));

        // Assert
        var error = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("it is not a regular file (a FIFO)", error.Reason);
    }

    [Fact]
    public void ReadAllBytes_reports_a_missing_file_as_the_runtime_does()
    {
        // Act
        var error = Assert.Throws<FileNotFoundException>(() => BoundedFile.ReadAllBytes(Path.Combine(folder, "missing"), 10));

        // Assert
        Assert.Equal("no such file", SystemErrors.Describe(error));
    }

    [Fact]
    public void ReadAllBytes_follows_a_symbolic_link_to_a_regular_file()
    {
        // Arrange
        var target = Path.Combine(folder, "target.json");
        File.WriteAllText(target, "{}");
        var link = Path.Combine(folder, "link.json");
        File.CreateSymbolicLink(link, target);

        // Act
        var text = BoundedFile.ReadAllText(link, 10);

        // Assert
        Assert.Equal("{}", text);
    }
}
