namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// An STS call that failed: either AWS answered with an error code, or the endpoint could not be
/// reached. The message is AWS's (or the network's), never containing credentials.
/// </summary>
public sealed class StsException : Exception
{
    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsException()
    {
        ErrorCode = "Unknown";
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsException(string message)
        : base(message)
    {
        ErrorCode = "Unknown";
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "Unknown";
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsException(string errorCode, string message, bool unreachable, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        Unreachable = unreachable;
    }

    /// <summary>STS's error code (<c>AccessDenied</c>, <c>ExpiredToken</c>, ...), or a word for a network failure.</summary>
    public string ErrorCode { get; }

    /// <summary>True when no answer came back: connection refused, DNS failure, timeout.</summary>
    public bool Unreachable { get; }
}
