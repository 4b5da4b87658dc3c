using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Exec;

/// <summary>
/// How the command after <c>--</c> is found and started on Unix, the way POSIX shells do it: a
/// name with a <c>/</c> is a path; any other name is looked up in each <c>PATH</c> directory in turn
/// (an empty entry meaning the current directory), and only regular files count. When it cannot
/// start, the failure says why with the shells' exit codes: 127 not found, 126 found but not runnable.
/// No shell is involved, and nothing here touches the file system: the caller passes the probes.
/// </summary>
public static class CommandSearch
{
    /// <summary>The search path when <c>PATH</c> is unset, as glibc's <c>execvp</c> uses.</summary>
    public const string DefaultPath = "/bin:/usr/bin";

    // errno values shared by Linux and macOS.
    private const int ENOENT = 2;
    private const int ENOEXEC = 8;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    /// <summary>
    /// The regular files <paramref name="command"/> may name, in search order; throws 127 when there
    /// is none and 126 when a path names a directory. Cheap enough to run before any network call.
    /// </summary>
    /// <param name="command">The command word as given after <c>--</c>.</param>
    /// <param name="path">The child's <c>PATH</c>; null when unset.</param>
    /// <param name="isFile">True when a path is an existing regular file (symbolic links followed).</param>
    /// <param name="isDirectory">True when a path is an existing directory.</param>
    public static IReadOnlyList<string> Locate(string command, string? path, Func<string, bool> isFile, Func<string, bool> isDirectory)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(isFile);
        ArgumentNullException.ThrowIfNull(isDirectory);
        if (command.Length == 0)
        {
            throw AssumeRoleException.BadInput("the command after '--' is empty");
        }

        if (command.Contains('/', StringComparison.Ordinal))
        {
            if (isDirectory(command))
            {
                throw CannotRun(command, "it is a directory");
            }

            return isFile(command) ? [command] : throw NotFound(command, "no such file");
        }

        var candidates = (path ?? DefaultPath).Split(':')
            .Select(directory => (directory.Length == 0 ? "." : directory.TrimEnd('/')) + "/" + command)
            .Where(isFile)
            .ToList();
        return candidates.Count > 0 ? candidates : throw NotFound(command, "not found in PATH");
    }

    /// <summary>
    /// Starts the first candidate that runs, as <c>execvp</c> does: <paramref name="execute"/> replaces
    /// the process and so returns only when it failed, with the <c>errno</c>. A candidate refused for
    /// permission makes the search go on; any other failure ends it. Returns the failure to report.
    /// </summary>
    /// <param name="command">The command word as given, for messages.</param>
    /// <param name="candidates">What <see cref="Locate"/> returned.</param>
    /// <param name="execute">Runs one candidate; returns the <c>errno</c> when it could not.</param>
    /// <param name="describeErrno">The system's text for an <c>errno</c> (<c>strerror</c>).</param>
    public static AssumeRoleException Start(string command, IReadOnlyList<string> candidates, Func<string, int> execute, Func<int, string> describeErrno)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(execute);
        ArgumentNullException.ThrowIfNull(describeErrno);
        string? denied = null;
        foreach (var candidate in candidates)
        {
            var errno = execute(candidate);
            switch (errno)
            {
                case EACCES:
                    denied ??= candidate;
                    continue;
                case ENOENT or ENOTDIR:
                    // The file is there (Locate saw it), so what is missing is the interpreter its #! line names.
                    return CannotRun(candidate, "its interpreter was not found (check the #! line)");
                case ENOEXEC:
                    return CannotRun(candidate, "it is not in an executable format (a script needs a #! line)");
                default:
                    return CannotRun(candidate, describeErrno(errno));
            }
        }

        return denied is not null
            ? CannotRun(denied, "permission denied (is it executable?)")
            : NotFound(command ?? string.Empty, "not found");
    }

    /// <summary>The failure for a command that is not there (exit 127).</summary>
    public static AssumeRoleException NotFound(string command, string why) =>
        new(ExitCodes.CommandNotFound, $"command not found: {RoleNames.Printable(command)} ({why})");

    /// <summary>The failure for a command that is there but cannot be run (exit 126).</summary>
    public static AssumeRoleException CannotRun(string path, string why) =>
        new(ExitCodes.CommandCannotRun, $"cannot run {RoleNames.Printable(path)}: {why}");
}
