namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// A failure the transport found itself (a redirect, an answer too large, a timeout, a rejected
/// certificate), already in the tool's words. It is not an <see cref="IOException"/>, so the AWS
/// SDK does not retry it.
/// </summary>
public sealed class StsTransportException : Exception, IStsTransportFailure
{
    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsTransportException()
        : this("TransportError", "the request failed")
    {
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsTransportException(string message)
        : this("TransportError", message)
    {
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = "TransportError";
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsTransportException(string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <inheritdoc />
    public string ErrorCode { get; }
}

/// <summary>
/// One request that took longer than its limit while the run still has time: a
/// <see cref="TimeoutException"/>, which the AWS SDK's retry policy retries.
/// </summary>
public sealed class StsRequestTimeoutException : TimeoutException, IStsTransportFailure
{
    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsRequestTimeoutException()
        : this("the request timed out")
    {
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsRequestTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public StsRequestTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public string ErrorCode => "TimedOut";
}

/// <summary>A failure found by the transport; its message is the tool's own, ready to show.</summary>
public interface IStsTransportFailure
{
    /// <summary>A word for the failure in the place of STS's error code: <c>TimedOut</c>, <c>Redirected</c>, ...</summary>
    string ErrorCode { get; }
}
