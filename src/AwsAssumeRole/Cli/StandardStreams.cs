using Microsoft.Win32.SafeHandles;

namespace AwsAssumeRole.Cli;

/// <summary>
/// stdout and stderr as plain streams. On Unix, System.Console initialises the terminal the first
/// time it is used: it writes the keypad-transmit sequence (ESC [?1h ESC =) and counts on undoing
/// it at exit. A tool that becomes another program (exec) never reaches that exit, and the sequence
/// would be left on the user's terminal; so the tool writes to file descriptors 1 and 2 directly.
/// </summary>
internal static class StandardStreams
{
    public static Stream Output() => OperatingSystem.IsWindows() ? Console.OpenStandardOutput() : Open(1);

    public static TextWriter Error() =>
        OperatingSystem.IsWindows() ? Console.Error : new StreamWriter(Open(2), new System.Text.UTF8Encoding(false)) { AutoFlush = true };

    private static FileStream Open(int descriptor) =>
        new(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 0);
}
