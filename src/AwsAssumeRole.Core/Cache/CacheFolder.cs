using AwsAssumeRole.Core.Chain;
using Microsoft.Win32.SafeHandles;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// Opens the cache folder the way <c>ssh</c> checks its files, but on descriptors: from <c>/</c>
/// down, each folder is opened relative to the one before (<c>O_DIRECTORY|O_NOFOLLOW</c>) and
/// checked on the open descriptor — every folder on the way must be the user's or root's and not
/// writable by others unless sticky (<see cref="FileTrust.ParentProblem"/>), and the cache folder
/// itself the user's, set back to owner-only when it is open to others. A symbolic link on the way
/// (<c>/var/run</c> → <c>/run</c>, a home on another disk) is followed only when it belongs to the
/// user or root, by reading it relative to its checked folder and walking its target the same way,
/// so the path is never resolved by the kernel between a check and a use. Missing folders are made
/// 0700 when asked. Windows has none of this: there the folder is reached by path.
/// </summary>
internal static class CacheFolder
{
    private const uint OwnerOnlyFolder = 0x1C0; // 0700

    // As many as the kernel follows (Linux's MAXSYMLINKS).
    private const int MostLinks = 40;

    /// <summary>
    /// The checked cache folder at <paramref name="path"/>, made (with any missing parent) when
    /// <paramref name="create"/>; null when it does not exist and is not to be made. Throws
    /// <see cref="CacheRefusedException"/> when it or a folder on the way is not to be trusted, and
    /// <see cref="IOException"/> when it cannot be opened or made.
    /// </summary>
    public static CacheDirectory? Open(string path, bool create, IChainLog log)
    {
        if (OperatingSystem.IsWindows())
        {
            return OpenOnWindows(path, create);
        }

        var user = FileTrust.UserId;
        var pending = new Stack<string>();
        PushComponents(pending, path);
        var walked = new Stack<Walked>();
        try
        {
            var root = Syscalls.Own(Syscalls.Open("/", Syscalls.O_PATH | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC));
            if (root.IsInvalid)
            {
                throw Syscalls.Failure("cannot open /", Syscalls.LastError);
            }

            walked.Push(new Walked(root, "/", StatusOf(root), Readable: false));
            var links = 0;
            var made = false;
            while (pending.TryPop(out var name))
            {
                if (name == "..")
                {
                    if (walked.Count > 1)
                    {
                        walked.Pop().Handle.Dispose();
                    }

                    continue;
                }

                var parent = walked.Peek();
                if (FileTrust.ParentProblem(parent.Path, parent.Status, user) is { } problem)
                {
                    throw new CacheRefusedException(problem);
                }

                var last = pending.Count == 0;
                var childPath = parent.Path == "/" ? "/" + name : parent.Path + "/" + name;
                var flags = (last ? Syscalls.O_RDONLY : Syscalls.O_PATH) | Syscalls.O_DIRECTORY | Syscalls.O_NOFOLLOW | Syscalls.O_CLOEXEC;
                var child = Syscalls.Own(Syscalls.OpenAt(parent.Handle, name, flags, 0));
                if (!child.IsInvalid)
                {
                    walked.Push(new Walked(child, childPath, StatusOf(child), Readable: last));
                    continue;
                }

                var errno = Syscalls.LastError;
                child.Dispose();
                if (errno == Syscalls.ENOENT)
                {
                    if (!create)
                    {
                        return null;
                    }

                    if (Syscalls.MakeDirectoryAt(parent.Handle, name, OwnerOnlyFolder) == 0)
                    {
                        made |= last;
                    }
                    else if (Syscalls.LastError != Syscalls.EEXIST)
                    {
                        throw Syscalls.Failure($"cannot make {childPath}", Syscalls.LastError);
                    }

                    pending.Push(name);
                }
                else if (errno == Syscalls.ENOTDIR || errno == Syscalls.ELOOP)
                {
                    if (Syscalls.StatusAt(parent.Handle, name, out var link) != 0 || !link.IsSymbolicLink)
                    {
                        throw new CacheRefusedException($"{childPath} is not a folder");
                    }

                    if (!FileTrust.MayFollow(link, user))
                    {
                        throw new CacheRefusedException($"{childPath} is a symbolic link of another user");
                    }

                    if (++links > MostLinks)
                    {
                        throw new CacheRefusedException($"too many symbolic links on the way to {path}");
                    }

                    var target = ReadLink(parent.Handle, name, childPath);
                    while (target.StartsWith('/') && walked.Count > 1)
                    {
                        walked.Pop().Handle.Dispose();
                    }

                    PushComponents(pending, target);
                }
                else
                {
                    throw Syscalls.Failure($"cannot open {childPath}", errno);
                }
            }

            var folder = walked.Pop();
            return new CacheDirectory(path, Finish(folder, made, user, log));
        }
        finally
        {
            while (walked.TryPop(out var left))
            {
                left.Handle.Dispose();
            }
        }
    }

    /// <summary>Checks the cache folder itself and sets it to owner-only when it is open to others; hands over its handle.</summary>
    private static SafeFileHandle Finish(Walked folder, bool made, uint user, IChainLog log)
    {
        var handle = folder.Handle;
        try
        {
            if (!folder.Readable)
            {
                // Reached through a trailing "..": open it for reading too.
                handle = Syscalls.Own(Syscalls.OpenAt(folder.Handle, ".", Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC, 0));
                folder.Handle.Dispose();
                if (handle.IsInvalid)
                {
                    throw Syscalls.Failure($"cannot open {folder.Path}", Syscalls.LastError);
                }
            }

            if (FileTrust.FolderProblem(folder.Path, folder.Status, user) is { } problem)
            {
                throw new CacheRefusedException(problem);
            }

            if (made || FileTrust.OpenToOthers(folder.Status.Mode))
            {
                var mode = made ? OwnerOnlyFolder : (uint)FileTrust.OwnerOnly(folder.Status.Mode);
                if (Syscalls.ChangeMode(handle, mode) != 0)
                {
                    throw Syscalls.Failure($"cannot set {folder.Path} to owner-only", Syscalls.LastError);
                }

                if (!made)
                {
                    log.Debug($"cache folder {folder.Path} was open to other users; set to owner-only");
                }
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static FileStatus StatusOf(SafeFileHandle folder)
    {
        try
        {
            return Syscalls.Status(folder);
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    private static unsafe string ReadLink(SafeFileHandle folder, string name, string path)
    {
        const int Longest = 4096;
        var buffer = stackalloc byte[Longest];
        var length = Syscalls.ReadLinkAt(folder, name, buffer, Longest);
        if (length < 0)
        {
            throw Syscalls.Failure($"cannot read the symbolic link {path}", Syscalls.LastError);
        }

        return length is 0 or >= Longest
            ? throw new CacheRefusedException($"{path} is a symbolic link with no usable target")
            : System.Text.Encoding.UTF8.GetString(buffer, (int)length);
    }

    /// <summary>Pushes the names of <paramref name="path"/> so that the first is popped first.</summary>
    private static void PushComponents(Stack<string> pending, string path)
    {
        var names = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var index = names.Length - 1; index >= 0; index--)
        {
            if (names[index] != ".")
            {
                pending.Push(names[index]);
            }
        }
    }

    private static CacheDirectory? OpenOnWindows(string path, bool create)
    {
        if (File.Exists(path))
        {
            throw new CacheRefusedException($"{path} is not a folder");
        }

        if (!Directory.Exists(path))
        {
            if (!create)
            {
                return null;
            }

            try
            {
                Directory.CreateDirectory(path);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new Errors.DescribedIOException($"permission denied in {path}", e);
            }
        }

        return new CacheDirectory(path, handle: null);
    }

    /// <summary>A folder on the way, open, with its status when it was opened.</summary>
    private readonly record struct Walked(SafeFileHandle Handle, string Path, FileStatus Status, bool Readable);
}
