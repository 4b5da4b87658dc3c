namespace AwsAssumeRole.Core.Errors;

/// <summary>
/// The one user-facing failure: a message written for the person at the terminal (one line,
/// context outer to inner), an optional hint line, and the exit code the tool ends with.
/// Messages never carry secrets.
/// </summary>
public sealed class AssumeRoleException : Exception
{
    /// <summary>Creates the exception; see the class remarks.</summary>
    public AssumeRoleException()
        : this("unknown error")
    {
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public AssumeRoleException(string message)
        : this(ExitCodes.AwsFailure, message)
    {
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public AssumeRoleException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.AwsFailure;
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
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
