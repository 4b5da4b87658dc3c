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

    // How much of a #! line Linux reads (BINPRM_BUF_SIZE); macOS reads more.
    private const int ShebangBytes = 256;

    private const string PermissionDenied = "permission denied (is it executable?)";
    private const string NotExecutableFormat = "it is not in an executable format (a script needs a #! line)";

    // errno values shared by Linux and macOS.
    private const int ENOENT = 2;
    private const int ENOEXEC = 8;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    /// <summary>The first bytes of a native binary: ELF (Linux), Mach-O (macOS; thin, either byte order, or universal).</summary>
    private static readonly byte[][] NativeBinaryMagic =
    [
        [0x7F, (byte)'E', (byte)'L', (byte)'F'],
        [0xFE, 0xED, 0xFA, 0xCE], [0xFE, 0xED, 0xFA, 0xCF], [0xCE, 0xFA, 0xED, 0xFE], [0xCF, 0xFA, 0xED, 0xFE],
        [0xCA, 0xFE, 0xBA, 0xBE],
    ];

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
    /// What the kernel would say before it runs <paramref name="command"/>, asked before any network
    /// call: the file <c>execvp</c> would start (the first candidate this user may execute), and that
    /// it is a native binary or a <c>#!</c> script whose interpreter is there and executable. Throws
    /// 127 or 126 as <see cref="Locate"/> and <see cref="Start"/> would; returns the file. What cannot
    /// be known here (a file that cannot be read, a format binfmt_misc may run) is left to
    /// <see cref="Start"/>.
    /// </summary>
    /// <param name="command">The command word as given after <c>--</c>.</param>
    /// <param name="path">The child's <c>PATH</c>; null when unset.</param>
    /// <param name="files">The file system.</param>
    public static string Check(string command, string? path, IExecutableFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var candidates = Locate(command, path, files.IsFile, files.IsDirectory);
        var runnable = candidates.FirstOrDefault(files.MayExecute)
            ?? throw CannotRun(candidates[0], PermissionDenied);
        var start = files.ReadStart(runnable, ShebangBytes);
        if (start is null)
        {
            // Execute-only: the kernel may still run it (a binary); execve will tell.
            return runnable;
        }

        if (start.AsSpan().StartsWith("#!"u8))
        {
            CheckInterpreter(runnable, start, files);
        }
        else if (!IsNativeBinary(start) && !files.RunsOtherFormats)
        {
            throw CannotRun(runnable, NotExecutableFormat);
        }

        return runnable;
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
                    return CannotRun(candidate, NotExecutableFormat);
                default:
                    return CannotRun(candidate, describeErrno(errno));
            }
        }

        return denied is not null
            ? CannotRun(denied, PermissionDenied)
            : NotFound(command ?? string.Empty, "not found");
    }

    /// <summary>The interpreter a <c>#!</c> line names, read as Linux reads it, must be there and executable.</summary>
    private static void CheckInterpreter(string script, byte[] start, IExecutableFiles files)
    {
        var line = start.AsSpan(2);
        var newline = line.IndexOf((byte)'\n');
        if (newline >= 0)
        {
            line = line[..newline];
        }

        line = line.TrimStart(" \t"u8);
        var end = line.IndexOfAny(" \t\0"u8);
        if (end < 0 && newline < 0 && start.Length == ShebangBytes)
        {
            // The interpreter's name goes on past what the kernel reads: it refuses the file.
            throw CannotRun(script, "its #! line is too long");
        }

        var interpreter = System.Text.Encoding.UTF8.GetString(end < 0 ? line : line[..end]);
        if (interpreter.Length == 0)
        {
            throw CannotRun(script, "its #! line names no interpreter");
        }

        var problem = files.IsDirectory(interpreter) ? "is a directory"
            : !files.IsFile(interpreter) ? "was not found"
            : !files.MayExecute(interpreter) ? "is not executable"
            : null;
        if (problem is not null)
        {
            throw CannotRun(script, $"its interpreter {RoleNames.Printable(interpreter)} {problem} (check the #! line)");
        }
    }

    private static bool IsNativeBinary(byte[] start) => NativeBinaryMagic.Any(magic => start.AsSpan().StartsWith(magic));

    /// <summary>The failure for a command that is not there (exit 127).</summary>
    public static AssumeRoleException NotFound(string command, string why) =>
        new(ExitCodes.CommandNotFound, $"command not found: {RoleNames.Printable(command)} ({why})");

    /// <summary>The failure for a command that is there but cannot be run (exit 126).</summary>
    public static AssumeRoleException CannotRun(string path, string why) =>
        new(ExitCodes.CommandCannotRun, $"cannot run {RoleNames.Printable(path)}: {why}");
}
