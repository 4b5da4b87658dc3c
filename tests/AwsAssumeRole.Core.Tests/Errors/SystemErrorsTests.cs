using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Tests.Errors;

public sealed class SystemErrorsTests
{
    public static TheoryData<Exception, string> Linux => new()
    {
        { new FileNotFoundException("IO_FileNotFound_FileName, /x"), "no such file" },
        { new DirectoryNotFoundException("IO_PathNotFound_Path"), "no such file or folder" },
        { new UnauthorizedAccessException("UnauthorizedAccess_IODenied_NoPathName"), "permission denied" },
        { new PathTooLongException(), "the path is too long" },
        { new IOException("whatever", 28), "no space left on the device" },
        { new IOException("whatever", 30), "read-only file system" },
        { new IOException("whatever", 21), "it is a folder" },
        { new IOException("whatever", 40), "too many levels of symbolic links" },
        { new IOException("whatever", 11), "the file is locked by another process" },
        { new IOException("whatever", 999), "input/output error (code 999)" },
        { new BoundedFileException("it is not a regular file (a FIFO)"), "it is not a regular file (a FIFO)" },
        { new ArgumentNullException("url"), "unexpected ArgumentNullException" },
    };

    [Theory]
    [MemberData(nameof(Linux))]
    public void Describe_says_what_failed_from_the_type_and_error_number_never_the_message(Exception error, string expected)
    {
        // Act (the error numbers are Linux's; macOS numbers a few differently)
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var text = SystemErrors.Describe(error);

        // Assert
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Describe_finds_the_real_errors_of_this_machine()
    {
        // Arrange
        var missing = Path.Combine(Path.GetTempPath(), "aar-" + Guid.NewGuid().ToString("N"), "x");

        // Act
        var error = Assert.ThrowsAny<IOException>(() => File.ReadAllText(missing));

        // Assert
        Assert.Equal("no such file or folder", SystemErrors.Describe(error));
    }
}
