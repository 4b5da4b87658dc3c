using AwsAssumeRole.Core.Exec;

namespace AwsAssumeRole.Exec;

/// <summary>The real file system, as <see cref="CommandSearch.Check"/> asks about it (Linux and macOS).</summary>
internal sealed class ExecutableFiles : IExecutableFiles
{
    private const string BinfmtMisc = "/proc/sys/fs/binfmt_misc";

    public bool RunsOtherFormats => OperatingSystem.IsLinux() && HasBinfmtMiscHandlers();

    public bool IsFile(string path) => File.Exists(path);

    public bool IsDirectory(string path) => Directory.Exists(path);

    public bool MayExecute(string path) => Posix.MayExecute(path);

    public byte[]? ReadStart(string path, int count)
    {
        try
        {
            // Zero bytes: an empty file, or a FIFO or device (which opening could block on); none runs.
            if (new FileInfo(path).Length == 0)
            {
                return [];
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            var buffer = new byte[count];
            var read = file.ReadAtLeast(buffer, count, throwOnEndOfStream: false);
            return buffer[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether binfmt_misc is on with at least one handler (Java, Wine, QEMU, ...).</summary>
    private static bool HasBinfmtMiscHandlers()
    {
        try
        {
            return File.ReadAllText(Path.Combine(BinfmtMisc, "status")).Trim() == "enabled"
                && Directory.EnumerateFiles(BinfmtMisc).Select(Path.GetFileName).Any(name => name is not ("status" or "register"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
