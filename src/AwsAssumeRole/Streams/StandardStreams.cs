using System.Text;
using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Streams;

/// <summary>
/// stdin, stdout and stderr as the tool uses them: plain descriptors (see <see cref="DescriptorStream"/>),
/// never <see cref="Console"/>, which on Unix initialises the terminal the first time it is used (it
/// writes the keypad-transmit sequence ESC [?1h ESC = and counts on undoing it at an exit that a tool
/// becoming another program never reaches).
/// <para>
/// A descriptor the parent left closed (<c>&lt;&amp;-</c>, <c>&gt;&amp;-</c>, <c>2&gt;&amp;-</c>) is
/// the lowest free number, so the next descriptor the .NET runtime opens lands on it: at start-up
/// (seen with strace) that is the pipe of its signal-handling thread, then <c>/dev/urandom</c>. Reading
/// "stdin" would then wait on that pipe for ever, and writing "stdout" would feed credentials to the
/// signal thread as signal numbers. So <see cref="Claim"/>, the first thing the process does, finds
/// which of 0, 1 and 2 the parent really gave, and puts <c>/dev/null</c> on the others, close-on-exec
/// (a command run after <c>--</c> sees them closed, as they were given); the tool itself never reads
/// or writes a descriptor it was not given.
/// </para>
/// </summary>
internal static class StandardStreams
{
    /// <summary>More than any line an MFA code comes on; endless input without a newline stops here.</summary>
    public const int MaxInputLineBytes = 1024;

    private static readonly bool[] Closed = new bool[3];

    /// <summary>True when the parent gave no stdout.</summary>
    public static bool OutputIsClosed => Closed[1];

    /// <summary>
    /// Finds out which standard descriptors the parent gave, and fills the missing ones with
    /// <c>/dev/null</c>. Must run before anything in the process opens a descriptor.
    /// </summary>
    public static void Claim()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        for (var descriptor = 0; descriptor <= 2; descriptor++)
        {
            var flags = Libc.Fcntl(descriptor, Libc.F_GETFD);
            if (flags >= 0)
            {
                // A descriptor inherited through execve cannot be close-on-exec; one that is was
                // opened by this process (the runtime opens everything close-on-exec), so the
                // parent gave none there.
                Closed[descriptor] = (flags & Libc.FD_CLOEXEC) != 0;
                continue;
            }

            Closed[descriptor] = true;
            var mode = descriptor == 0 ? Libc.O_RDONLY : Libc.O_WRONLY;
            // open(2) takes the lowest free number, this one, as 0..descriptor-1 are taken by now. If
            // /dev/null is missing (a bare chroot) the descriptor stays free: the tool still never uses it.
            var plug = Libc.Open("/dev/null", mode | Libc.O_CLOEXEC);
            if (plug >= 0 && plug != descriptor)
            {
                _ = Libc.Close(plug);
            }
        }
    }

    /// <summary>
    /// stdout, for what the tool prints. Writes throw <see cref="StandardStreamException"/>; when the
    /// parent gave no stdout every write fails as writing a closed descriptor does (EBADF).
    /// </summary>
    public static Stream Output() =>
        OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : new DescriptorStream(Closed[1] ? -1 : 1, "stdout");

    /// <summary>
    /// stderr, for people. Best effort: a closed, full or broken stderr (<c>2&gt;&amp;-</c>,
    /// <c>2&gt;/dev/full</c>, <c>2&gt;&amp;1 | head -1</c>) drops the lines and changes nothing else.
    /// One write per line up to 16 K characters, so lines of processes sharing a log do not mix.
    /// </summary>
    public static TextWriter Error() =>
        OperatingSystem.IsWindows()
            ? Console.Error
            : new StreamWriter(new DescriptorStream(Closed[2] ? -1 : 2, "stderr", bestEffort: true), new UTF8Encoding(false), 16 * 1024) { AutoFlush = true };

    /// <summary>
    /// Ends stdout for its reader (<c>serve</c>, once its lines are out): the reader of a pipe,
    /// <c>$(...)</c> or <c>&lt;(...)</c>, sees the end of its input while the tool runs on. <c>/dev/null</c>
    /// takes descriptor 1's place (dup2) rather than leaving it free, so nothing the runtime opens
    /// later (a connection's socket) can land on it.
    /// </summary>
    public static void CloseOutput()
    {
        if (OperatingSystem.IsWindows() || Closed[1])
        {
            return;
        }

        var plug = Libc.Open("/dev/null", Libc.O_WRONLY | Libc.O_CLOEXEC);
        if (plug >= 0)
        {
            _ = Libc.Dup2(plug, 1);
            _ = Libc.Close(plug);
        }
        else
        {
            _ = Libc.Close(1);
        }

        Closed[1] = true;
    }

    /// <summary>Fails (exit 2, before any network call) when there is no stdout to print on.</summary>
    public static void RequireOutput(string what)
    {
        if (Closed[1])
        {
            throw AssumeRoleException.BadInput(ClosedStdoutMessage(what));
        }
    }

    /// <summary>True when the parent closed stdout (<c>&gt;&amp;-</c>).</summary>
    public static bool StdoutClosed => Closed[1];

    /// <summary>The one line for a closed stdout: nothing can be printed, so nothing is done (exit 2).</summary>
    public static string ClosedStdoutMessage(string what) => $"stdout is closed: there is nowhere to print {what}";

    /// <summary>
    /// The first line of stdin for <c>--mfa-code -</c>, read a byte at a time so nothing after the
    /// newline is taken (a command run after <c>--</c> inherits the rest). Null when stdin is empty.
    /// A closed stdin, a read error or more than <see cref="MaxInputLineBytes"/> bytes without a
    /// newline is bad input (exit 2), at once.
    /// </summary>
    public static string? ReadMfaCodeLine()
    {
        if (Closed[0])
        {
            throw AssumeRoleException.BadInput("--mfa-code -: stdin is closed; pipe the 6-digit code in");
        }

        using var stdin = OperatingSystem.IsWindows() ? Console.OpenStandardInput() : new DescriptorStream(0, "stdin");
        var line = new List<byte>(16);
        Span<byte> next = stackalloc byte[1];
        while (true)
        {
            int read;
            try
            {
                read = stdin.Read(next);
            }
            catch (IOException e)
            {
                throw AssumeRoleException.BadInput($"--mfa-code -: {e.Message}");
            }

            if (read == 0 && line.Count == 0)
            {
                return null;
            }

            if (read == 0 || next[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(line.ToArray()).TrimEnd('\r');
            }

            if (line.Count == MaxInputLineBytes)
            {
                throw AssumeRoleException.BadInput($"--mfa-code -: no end of line in the first {MaxInputLineBytes} bytes of stdin; pipe the 6-digit code in, on a line of its own");
            }

            line.Add(next[0]);
        }
    }
}
