namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// What the cache trusts, as rules on the status of an open file or folder (Linux and macOS;
/// Windows relies on the per-user ACL of <c>%LOCALAPPDATA%</c>). A folder on the way to the cache
/// may be the user's or root's, and may not be writable by anyone else unless it is sticky (as
/// <c>/tmp</c> is: others can add names there but not replace ours). The cache folder and every file
/// in it must be the user's; a file must also be a regular file with one link, readable and
/// writable by its owner only.
/// </summary>
internal static class FileTrust
{
    private const uint Root = 0;

    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static uint? userId;

    /// <summary>The effective user ID of this process (Linux and macOS).</summary>
    public static uint UserId => userId ??= Syscalls.GetEffectiveUserId();

    /// <summary>Why a file of the cache with this <paramref name="status"/> must not be trusted, or null when it may.</summary>
    public static string? FileProblem(FileStatus status, uint user)
    {
        if (status.IsSymbolicLink)
        {
            return "a symbolic link";
        }

        if (!status.IsRegularFile)
        {
            return "not a regular file";
        }

        if (status.Owner != user)
        {
            return "owned by another user";
        }

        if (status.Links != 1)
        {
            return "a file with other hard links";
        }

        return OpenToOthers(status.Mode) ? "readable or writable by other users" : null;
    }

    /// <summary>
    /// Why a folder on the way to the cache (<paramref name="path"/>, with this
    /// <paramref name="status"/>) must not be trusted, or null when it may.
    /// </summary>
    public static string? ParentProblem(string path, FileStatus status, uint user)
    {
        if (status.Owner != user && status.Owner != Root)
        {
            return $"{path} belongs to another user";
        }

        var writableByOthers = (status.Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;
        return writableByOthers && (status.Mode & UnixFileMode.StickyBit) == 0 ? $"{path} can be written by other users" : null;
    }

    /// <summary>Why the cache folder itself must not be used, or null when it may (its mode is repaired, not refused).</summary>
    public static string? FolderProblem(string path, FileStatus status, uint user) =>
        status.Owner != user ? $"{path} belongs to another user" : null;

    /// <summary>The mode without any group or other bits.</summary>
    public static UnixFileMode OwnerOnly(UnixFileMode mode) => mode & ~GroupAndOthers;

    /// <summary>True when the mode grants anything to group or others.</summary>
    public static bool OpenToOthers(UnixFileMode mode) => (mode & GroupAndOthers) != 0;

    /// <summary>True when a symbolic link on the way to the cache may be followed: one of the user or of root.</summary>
    public static bool MayFollow(FileStatus link, uint user) => link.Owner == user || link.Owner == Root;
}
