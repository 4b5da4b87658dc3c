namespace AwsAssumeRole.Core.Errors;

/// <summary>
/// The one user-facing failure: a message written for the person at the terminal (one line,
/// context outer to inner), an optional hint line, and the exit code the tool ends with.
/// Messages never carry secrets.
/// </summary>
public sealed class AssumeRoleException : Exception
{
    /// <summary>A failure that ends the tool with <paramref name="exitCode"/>.</summary>
    /// <param name="exitCode">See <see cref="ExitCodes"/>.</param>
    /// <param name="message">One line for the person at the terminal, context outer to inner.</param>
    /// <param name="hint">A second line saying what to do next, or null.</param>
    /// <param name="innerException">The failure underneath, shown only with <c>--debug</c>.</param>
    public AssumeRoleException(int exitCode, string message, string? hint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        Hint = hint;
    }

    /// <summary>The process exit code for this failure.</summary>
    public int ExitCode { get; }

    /// <summary>A second line telling the user what to do next, or null.</summary>
    public string? Hint { get; }

    /// <summary>Bad command line or bad input, found before any network call (exit 2).</summary>
    public static AssumeRoleException BadInput(string message, string? hint = null) =>
        new(ExitCodes.BadInput, message, hint);

    /// <summary>AWS refused or could not be reached (exit 1).</summary>
    public static AssumeRoleException AwsFailure(string message, string? hint = null, Exception? inner = null) =>
        new(ExitCodes.AwsFailure, message, hint, inner);

    /// <summary>The same failure with more context in front: "hop 2 of 3, ROLE: " + message.</summary>
    public AssumeRoleException WithContext(string context) =>
        new(ExitCode, context + ": " + Message, Hint, InnerException);
}
