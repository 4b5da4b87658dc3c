namespace AwsAssumeRole.Core.Exec;

/// <summary>
/// What <see cref="CommandSearch.Check"/> asks the file system, answered by the executable from the
/// real one (and by a fake in tests), so that a command that cannot run is refused before any call.
/// </summary>
public interface IExecutableFiles
{
    /// <summary>True when <paramref name="path"/> is an existing file that is not a directory (symbolic links followed).</summary>
    bool IsFile(string path);

    /// <summary>True when <paramref name="path"/> is an existing directory.</summary>
    bool IsDirectory(string path);

    /// <summary>
    /// True when this process's real user may execute <paramref name="path"/>, as <c>access(X_OK)</c>
    /// says: root included (any execute bit), file modes, ACLs and <c>noexec</c> mounts.
    /// </summary>
    bool MayExecute(string path);

    /// <summary>The first bytes of <paramref name="path"/>, at most <paramref name="count"/>; null when it cannot be read.</summary>
    byte[]? ReadStart(string path, int count);

    /// <summary>
    /// True when the system may run files in formats beyond <c>#!</c> scripts and native binaries
    /// (Linux binfmt_misc handlers), so that an unknown format is not a reason to refuse.
    /// </summary>
    bool RunsOtherFormats { get; }
}
