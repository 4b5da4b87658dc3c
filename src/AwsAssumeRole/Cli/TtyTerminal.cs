using System.Text;
using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Cli;

/// <summary>
/// The controlling terminal, opened on its own (<c>/dev/tty</c> on Unix, <c>CONIN$</c>/<c>CONOUT$</c> on
/// Windows), never stdin or stdout: prompts work inside <c>$(...)</c>, <c>&lt;(...)</c> and
/// <c>credential_process</c>, and a process without a terminal finds out at once instead of waiting.
/// What is typed is echoed (an MFA code is good for one use only).
/// </summary>
internal sealed class TtyTerminal : ITerminal
{
    public bool IsAvailable
    {
        get
        {
            var (input, output) = TryOpen();
            input?.Dispose();
            output?.Dispose();
            return input is not null;
        }
    }

    public async Task<string?> PromptAsync(string prompt, CancellationToken cancellationToken)
    {
        var (input, output) = TryOpen();
        if (input is null || output is null)
        {
            return null;
        }

        output.Write(Encoding.UTF8.GetBytes(prompt));
        output.Flush();

        // A blocking read of the terminal cannot be cancelled: on Ctrl-C stop waiting for it and
        // let the process end (the read dies with it).
        var read = Task.Run(() => ReadLine(input), CancellationToken.None);
        await Task.WhenAny(read, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            // End the prompt's line, so what follows (the error) starts on its own.
            output.Write("\n"u8);
            output.Flush();
            cancellationToken.ThrowIfCancellationRequested();
        }

        // End of input (Ctrl-D) counts as an empty, hence invalid, code.
        var line = await read.ConfigureAwait(false) ?? string.Empty;
        input.Dispose();
        if (!ReferenceEquals(input, output))
        {
            output.Dispose();
        }

        return line;
    }

    private static (FileStream? Input, FileStream? Output) TryOpen()
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                var input = new FileStream("CONIN$", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
                try
                {
                    return (input, new FileStream("CONOUT$", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1));
                }
                catch
                {
                    input.Dispose();
                    throw;
                }
            }

            var tty = new FileStream("/dev/tty", FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
            return (tty, tty);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// One line, byte by byte, so nothing after the newline is taken from the terminal (what is typed
    /// ahead is left to a command run after '--'). Null at the end of the stream.
    /// </summary>
    internal static string? ReadLine(Stream input)
    {
        var bytes = new List<byte>(16);
        var buffer = new byte[1];
        var read = 0;
        while ((read = input.Read(buffer, 0, 1)) == 1 && buffer[0] != (byte)'\n')
        {
            if (bytes.Count < 1024)
            {
                bytes.Add(buffer[0]);
            }
        }

        return read == 0 && bytes.Count == 0 ? null : Encoding.UTF8.GetString(bytes.ToArray()).TrimEnd('\r');
    }
}
