using AwsAssumeRole.Core.Chain;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The cache folder itself: made 0700 (with any missing parent) whatever the umask, set back to
/// 0700 when it is open to others, and read only when it is a folder of the user running the tool.
/// </summary>
internal sealed class CacheFolder(string path, IChainLog log)
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private bool ready;
    private bool? readable;

    public string Path => path;

    /// <summary>
    /// True when entries may be read from the folder: it exists, is a folder, and is this user's.
    /// The verdict on an existing folder is kept for the run; a missing one is looked at again
    /// (another process may make it while this one waits for a lock).
    /// </summary>
    public bool IsReadable()
    {
        if (readable is { } verdict)
        {
            return verdict;
        }

        var status = FileTrust.Get(path, follow: true);
        if (!status.Exists)
        {
            return false;
        }

        readable = status.IsDirectory && !FileTrust.OwnedByAnotherUser(status);
        if (readable == false)
        {
            log.Debug($"cache folder {path} is not a folder of this user: not read");
        }

        return readable.Value;
    }

    /// <summary>Makes the folder ready to write in; throws <see cref="IOException"/> when it cannot be.</summary>
    public void Ensure()
    {
        if (ready)
        {
            return;
        }

        try
        {
            var status = FileTrust.Get(path, follow: true);
            if (!status.Exists)
            {
                Create(path);
                status = FileTrust.Get(path, follow: true);
            }

            if (!status.IsDirectory)
            {
                throw new IOException($"{path} is not a folder");
            }

            if (FileTrust.OwnedByAnotherUser(status))
            {
                throw new IOException($"{path} belongs to another user");
            }

            if (!OperatingSystem.IsWindows() && FileTrust.OpenToOthers(status.Mode))
            {
                File.SetUnixFileMode(path, FileTrust.OwnerOnly(status.Mode));
                log.Debug($"cache folder {path} was open to other users; set to owner-only");
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"permission denied in {path}", e);
        }

        ready = true;
    }

    /// <summary>How every file of the cache is opened or created: 0600 whatever the umask.</summary>
    public static FileStreamOptions FileOptions(FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return options;
    }

    /// <summary>Creates the folder and any missing parent 0700, whatever the umask.</summary>
    private static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var missing = new Stack<string>();
        for (var current = path; current is not null && !Directory.Exists(current); current = System.IO.Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        while (missing.TryPop(out var folder))
        {
            try
            {
                Directory.CreateDirectory(folder, OwnerOnlyFolder);
            }
            catch (IOException) when (Directory.Exists(folder))
            {
                // Another process made it first.
            }
        }

        File.SetUnixFileMode(path, OwnerOnlyFolder);
    }
}
