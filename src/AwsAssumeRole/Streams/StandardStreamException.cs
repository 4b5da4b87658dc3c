using System.Runtime.InteropServices;

namespace AwsAssumeRole.Streams;

/// <summary>
/// stdout (or stdin) could not be written (or read). Its message is one line for the user
/// (<c>cannot write to stdout: No space left on device</c>); <see cref="IsBrokenPipe"/> tells the
/// one failure that is not an error of the tool's: the reader went away (<c>| head -1</c>).
/// </summary>
internal sealed class StandardStreamException : IOException
{
    public StandardStreamException()
    {
    }

    public StandardStreamException(string message)
        : base(message)
    {
    }

    public StandardStreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StandardStreamException(string name, string verb, int errno)
        : base($"cannot {verb} {name}: {Marshal.GetPInvokeErrorMessage(errno)}") => IsBrokenPipe = errno == Libc.EPIPE;

    /// <summary>The reader of the pipe closed its end: nobody is there to be told anything.</summary>
    public bool IsBrokenPipe { get; }
}
